'use client';

import { ArrowDown, ArrowUp, UserPlus, X } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { useId, useState } from 'react';
import type { Role } from '../../../domain/roles';
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
  // The queue's texts and the admin area's shared words ('common.admin').
  const t = useTranslations();
  const roles = useTranslations('common.roles');
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
    setAnnouncement(t('lines.queue.moved', { name: member.name, position: target + 1, count: queue.length }));
    // Keep focus with the operator that moved; at the ends, on the button that still works.
    const edge = (delta === -1 && target === 0) || (delta === 1 && target === queue.length - 1);
    const direction = edge ? (delta === -1 ? 'down' : 'up') : delta === -1 ? 'up' : 'down';
    requestAnimationFrame(() => document.getElementById(`queue-${direction}-${member.userId}`)?.focus());
  }

  function remove(index: number) {
    const member = queue[index];
    if (!member) return;
    onChange(queue.filter((_, i) => i !== index));
    setAnnouncement(t('lines.queue.removed', { name: member.name }));
    const neighbour = queue[index + 1] ?? queue[index - 1];
    requestAnimationFrame(() => document.getElementById(neighbour ? `queue-remove-${neighbour.userId}` : selectId)?.focus());
  }

  function add() {
    const user = users.find((u) => u.id === candidate);
    if (!user) return;
    onChange([...queue, { userId: user.id, name: user.name, email: user.email, role: user.role, active: user.active }]);
    setAnnouncement(t('lines.queue.added', { name: user.name, position: queue.length + 1 }));
    setCandidate('');
  }

  return (
    <div style={{ display: 'grid', gap: 12 }}>
      {queue.length === 0 ? (
        <Alert tone="warning">{t('lines.queue.empty')}</Alert>
      ) : (
        <ol className={styles.queue} aria-label={t('lines.queue.listLabel')}>
          {queue.map((member, index) => (
            <li key={member.userId} className={styles.member}>
              <span className={styles.position} aria-hidden>
                {index + 1}
              </span>
              <Avatar name={member.name} colorKey={member.email} size={30} />
              <div className={styles.memberText}>
                <p className={styles.memberName}>
                  {member.name} {!member.active && <Badge tone="amber">{t('common.admin.deactivated')}</Badge>}
                </p>
                <p className={styles.memberEmail}>
                  {member.email} · {roles(member.role)}
                </p>
              </div>
              <div className={styles.memberActions}>
                <Button
                  id={`queue-up-${member.userId}`}
                  variant="ghost"
                  size="sm"
                  iconOnly
                  icon={<ArrowUp size={15} />}
                  aria-label={t('lines.queue.moveUp', { name: member.name })}
                  disabled={index === 0}
                  onClick={() => move(index, -1)}
                />
                <Button
                  id={`queue-down-${member.userId}`}
                  variant="ghost"
                  size="sm"
                  iconOnly
                  icon={<ArrowDown size={15} />}
                  aria-label={t('lines.queue.moveDown', { name: member.name })}
                  disabled={index === queue.length - 1}
                  onClick={() => move(index, 1)}
                />
                <Button
                  id={`queue-remove-${member.userId}`}
                  variant="ghost"
                  size="sm"
                  iconOnly
                  icon={<X size={15} />}
                  aria-label={t('lines.queue.remove', { name: member.name })}
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
            {t('lines.queue.addLabel')}
          </label>
          <Select id={selectId} value={candidate} onChange={(e) => setCandidate(e.target.value)} disabled={usersLoading || available.length === 0}>
            <option value="">{usersLoading ? t('common.admin.loadingUsers') : available.length === 0 ? t('lines.queue.everyoneAdded') : t('common.admin.chooseUser')}</option>
            {available.map((user) => (
              <option key={user.id} value={user.id}>
                {t(user.active ? 'lines.queue.option' : 'lines.queue.optionDeactivated', { name: user.name, email: user.email, role: roles(user.role) })}
              </option>
            ))}
          </Select>
        </div>
        <Button icon={<UserPlus size={15} />} onClick={add} disabled={!candidate}>
          {t('lines.queue.add')}
        </Button>
      </div>
      {error && <FieldError>{error}</FieldError>}
      <p className="visually-hidden" aria-live="polite">
        {announcement}
      </p>
    </div>
  );
}
