'use client';

import { UserPlus, X } from 'lucide-react';
import { useId, useState } from 'react';
import { roleLabels, type Role } from '../../../domain/roles';
import { Badge, Button, FieldError, Select } from '../ui';
import styles from './admin.module.css';

interface UserOption {
  id: string;
  name: string;
  email: string;
  role: Role;
  active: boolean;
}

/** Users to alert besides the dialog's operator: pick from all users, remove with a button (as the queue editor does). */
export function AlertUsersField({
  userIds,
  users,
  usersLoading,
  onChange,
  error,
}: {
  userIds: string[];
  users: UserOption[];
  usersLoading: boolean;
  onChange: (userIds: string[]) => void;
  error: string | null;
}) {
  const [candidate, setCandidate] = useState('');
  const [announcement, setAnnouncement] = useState('');
  const id = useId();
  const byId = new Map(users.map((u) => [u.id, u]));
  const chosen = new Set(userIds);
  const available = users.filter((u) => u.active && !chosen.has(u.id));

  function add() {
    const user = byId.get(candidate);
    if (!user) return;
    onChange([...userIds, user.id]);
    setAnnouncement(`${user.name} will be alerted.`);
    setCandidate('');
  }

  function remove(index: number) {
    const userId = userIds[index];
    if (userId === undefined) return;
    onChange(userIds.filter((_, i) => i !== index));
    setAnnouncement(`${byId.get(userId)?.name ?? 'The user'} will no longer be alerted.`);
    const neighbour = userIds[index + 1] ?? userIds[index - 1];
    requestAnimationFrame(() => document.getElementById(neighbour ? `alert-remove-${neighbour}` : `${id}-select`)?.focus());
  }

  return (
    <div style={{ display: 'grid', gap: 10 }}>
      <p className={styles.readOnlyTitle} id={`${id}-title`}>
        Also alert
      </p>
      {userIds.length === 0 ? (
        <p className={styles.hintText}>Nobody else: only the dialog’s operator is alerted.</p>
      ) : (
        <ul className={styles.queue} aria-labelledby={`${id}-title`}>
          {userIds.map((userId, index) => {
            const user = byId.get(userId);
            const name = user?.name ?? (usersLoading ? 'Loading…' : 'Removed user');
            return (
              <li key={userId} className={styles.member}>
                <div className={styles.memberText}>
                  <p className={styles.memberName}>
                    {name} {user && !user.active && <Badge tone="amber">Deactivated</Badge>}
                  </p>
                  {user && (
                    <p className={styles.memberEmail}>
                      {user.email} · {roleLabels[user.role]}
                    </p>
                  )}
                </div>
                <div className={styles.memberActions}>
                  <Button id={`alert-remove-${userId}`} variant="ghost" size="sm" iconOnly icon={<X size={15} />} aria-label={`Stop alerting ${name}`} onClick={() => remove(index)} />
                </div>
              </li>
            );
          })}
        </ul>
      )}
      <div className={styles.addRow}>
        <div style={{ display: 'grid', gap: 6 }}>
          <label htmlFor={`${id}-select`} style={{ fontWeight: 560, fontSize: 13 }}>
            Add a user to alert
          </label>
          <Select id={`${id}-select`} value={candidate} onChange={(e) => setCandidate(e.target.value)} disabled={usersLoading || available.length === 0} aria-describedby={error ? `${id}-error` : undefined} aria-invalid={error ? true : undefined}>
            <option value="">{usersLoading ? 'Loading users…' : available.length === 0 ? 'Everyone is already alerted' : 'Choose a user…'}</option>
            {available.map((user) => (
              <option key={user.id} value={user.id}>
                {user.name} — {user.email} ({roleLabels[user.role]})
              </option>
            ))}
          </Select>
        </div>
        <Button icon={<UserPlus size={15} />} onClick={add} disabled={!candidate}>
          Add
        </Button>
      </div>
      {error && <FieldError id={`${id}-error`}>{error}</FieldError>}
      <p className="visually-hidden" aria-live="polite">
        {announcement}
      </p>
    </div>
  );
}
