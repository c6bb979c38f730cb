'use client';

import { ArrowDown, ArrowUp, UserPlus, X } from 'lucide-react';
import { useId, useState } from 'react';
import { roleLabels, type Role } from '../../../domain/roles';
import { Alert, Avatar, Badge, Button, FieldError, Select } from '../ui';
import styles from './admin.module.css';

export interface QueueMember {
  userId: string;
  name: string;
  email: string;
  role: Role;
  active: boolean;
}

/**
 * The ordered queue: add from all users, remove, and reorder with up/down buttons (keyboard
 * friendly: focus stays on the moved operator's button, and each move is announced).
 */
export function QueueEditor({
  queue,
  users,
  usersLoading,
  onChange,
  error,
}: {
  queue: QueueMember[];
  users: { id: string; name: string; email: string; role: Role; active: boolean }[];
  usersLoading: boolean;
  onChange: (queue: QueueMember[]) => void;
  error: string | null;
}) {
  const [candidate, setCandidate] = useState('');
  const [announcement, setAnnouncement] = useState('');
  const selectId = useId();
  const inQueue = new Set(queue.map((m) => m.userId));
  const available = users.filter((u) => !inQueue.has(u.id)).sort((a, b) => Number(b.active) - Number(a.active) || a.name.localeCompare(b.name));

  function move(index: number, delta: -1 | 1) {
    const target = index + delta;
    const member = queue[index];
    if (!member || target < 0 || target >= queue.length) return;
    const next = [...queue];
    next.splice(index, 1);
    next.splice(target, 0, member);
    onChange(next);
    setAnnouncement(`${member.name} moved to position ${target + 1} of ${queue.length}.`);
    // Keep focus with the operator that moved; at the ends, on the button that still works.
    const edge = (delta === -1 && target === 0) || (delta === 1 && target === queue.length - 1);
    const direction = edge ? (delta === -1 ? 'down' : 'up') : delta === -1 ? 'up' : 'down';
    requestAnimationFrame(() => document.getElementById(`queue-${direction}-${member.userId}`)?.focus());
  }

  function remove(index: number) {
    const member = queue[index];
    if (!member) return;
    onChange(queue.filter((_, i) => i !== index));
    setAnnouncement(`${member.name} removed from the queue.`);
    const neighbour = queue[index + 1] ?? queue[index - 1];
    requestAnimationFrame(() => document.getElementById(neighbour ? `queue-remove-${neighbour.userId}` : selectId)?.focus());
  }

  function add() {
    const user = users.find((u) => u.id === candidate);
    if (!user) return;
    onChange([...queue, { userId: user.id, name: user.name, email: user.email, role: user.role, active: user.active }]);
    setAnnouncement(`${user.name} added at position ${queue.length + 1}.`);
    setCandidate('');
  }

  return (
    <div style={{ display: 'grid', gap: 12 }}>
      {queue.length === 0 ? (
        <Alert tone="warning">Nobody is in the queue: new dialogs wait until you add an operator.</Alert>
      ) : (
        <ol className={styles.queue} aria-label="Queue, in order">
          {queue.map((member, index) => (
            <li key={member.userId} className={styles.member}>
              <span className={styles.position} aria-hidden>
                {index + 1}
              </span>
              <Avatar name={member.name} colorKey={member.email} size={30} />
              <div className={styles.memberText}>
                <p className={styles.memberName}>
                  {member.name} {!member.active && <Badge tone="amber">Deactivated</Badge>}
                </p>
                <p className={styles.memberEmail}>
                  {member.email} · {roleLabels[member.role]}
                </p>
              </div>
              <div className={styles.memberActions}>
                <Button
                  id={`queue-up-${member.userId}`}
                  variant="ghost"
                  size="sm"
                  iconOnly
                  icon={<ArrowUp size={15} />}
                  aria-label={`Move ${member.name} up`}
                  disabled={index === 0}
                  onClick={() => move(index, -1)}
                />
                <Button
                  id={`queue-down-${member.userId}`}
                  variant="ghost"
                  size="sm"
                  iconOnly
                  icon={<ArrowDown size={15} />}
                  aria-label={`Move ${member.name} down`}
                  disabled={index === queue.length - 1}
                  onClick={() => move(index, 1)}
                />
                <Button
                  id={`queue-remove-${member.userId}`}
                  variant="ghost"
                  size="sm"
                  iconOnly
                  icon={<X size={15} />}
                  aria-label={`Remove ${member.name} from the queue`}
                  onClick={() => remove(index)}
                />
              </div>
            </li>
          ))}
        </ol>
      )}
      <div className={styles.addRow}>
        <div style={{ display: 'grid', gap: 6 }}>
          <label htmlFor={selectId} style={{ fontWeight: 560, fontSize: 13 }}>
            Add an operator
          </label>
          <Select id={selectId} value={candidate} onChange={(e) => setCandidate(e.target.value)} disabled={usersLoading || available.length === 0}>
            <option value="">{usersLoading ? 'Loading users…' : available.length === 0 ? 'Everyone is already in the queue' : 'Choose a user…'}</option>
            {available.map((user) => (
              <option key={user.id} value={user.id}>
                {user.name} — {user.email} ({roleLabels[user.role]}){user.active ? '' : ' · deactivated'}
              </option>
            ))}
          </Select>
        </div>
        <Button icon={<UserPlus size={15} />} onClick={add} disabled={!candidate}>
          Add to queue
        </Button>
      </div>
      {error && <FieldError>{error}</FieldError>}
      <p className="visually-hidden" aria-live="polite">
        {announcement}
      </p>
    </div>
  );
}
