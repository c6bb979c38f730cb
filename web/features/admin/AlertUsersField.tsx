'use client';

import { UserPlus, X } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { useId, useState } from 'react';
import type { Role } from '../../../domain/roles';
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
  // The field's texts and the admin area's shared words ('common.admin').
  const t = useTranslations();
  const roles = useTranslations('common.roles');
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
    setAnnouncement(t('lines.alertUsers.added', { name: user.name }));
    setCandidate('');
  }

  function remove(index: number) {
    const userId = userIds[index];
    if (userId === undefined) return;
    onChange(userIds.filter((_, i) => i !== index));
    setAnnouncement(t('lines.alertUsers.removed', { name: byId.get(userId)?.name ?? t('lines.alertUsers.theUser') }));
    const neighbour = userIds[index + 1] ?? userIds[index - 1];
    requestAnimationFrame(() => document.getElementById(neighbour ? `alert-remove-${neighbour}` : `${id}-select`)?.focus());
  }

  return (
    <div style={{ display: 'grid', gap: 10 }}>
      <p className={styles.readOnlyTitle} id={`${id}-title`}>
        {t('lines.alertUsers.title')}
      </p>
      {userIds.length === 0 ? (
        <p className={styles.hintText}>{t('lines.alertUsers.nobody')}</p>
      ) : (
        <ul className={styles.queue} aria-labelledby={`${id}-title`}>
          {userIds.map((userId, index) => {
            const user = byId.get(userId);
            const name = user?.name ?? (usersLoading ? t('common.admin.loading') : t('lines.alertUsers.removedUser'));
            return (
              <li key={userId} className={styles.member}>
                <div className={styles.memberText}>
                  <p className={styles.memberName}>
                    {name} {user && !user.active && <Badge tone="amber">{t('common.admin.deactivated')}</Badge>}
                  </p>
                  {user && (
                    <p className={styles.memberEmail}>
                      {user.email} · {roles(user.role)}
                    </p>
                  )}
                </div>
                <div className={styles.memberActions}>
                  <Button id={`alert-remove-${userId}`} variant="ghost" size="sm" iconOnly icon={<X size={15} />} aria-label={t('lines.alertUsers.stop', { name })} onClick={() => remove(index)} />
                </div>
              </li>
            );
          })}
        </ul>
      )}
      <div className={styles.addRow}>
        <div style={{ display: 'grid', gap: 6 }}>
          <label htmlFor={`${id}-select`} style={{ fontWeight: 560, fontSize: 13 }}>
            {t('lines.alertUsers.addLabel')}
          </label>
          <Select id={`${id}-select`} value={candidate} onChange={(e) => setCandidate(e.target.value)} disabled={usersLoading || available.length === 0} aria-describedby={error ? `${id}-error` : undefined} aria-invalid={error ? true : undefined}>
            <option value="">{usersLoading ? t('common.admin.loadingUsers') : available.length === 0 ? t('lines.alertUsers.everyoneAlerted') : t('common.admin.chooseUser')}</option>
            {available.map((user) => (
              <option key={user.id} value={user.id}>
                {t('lines.alertUsers.option', { name: user.name, email: user.email, role: roles(user.role) })}
              </option>
            ))}
          </Select>
        </div>
        <Button icon={<UserPlus size={15} />} onClick={add} disabled={!candidate}>
          {t('lines.alertUsers.add')}
        </Button>
      </div>
      {error && <FieldError id={`${id}-error`}>{error}</FieldError>}
      <p className="visually-hidden" aria-live="polite">
        {announcement}
      </p>
    </div>
  );
}
