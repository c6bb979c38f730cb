'use client';

import { useQuery } from '@tanstack/react-query';
import { CalendarDays, ChevronUp, Settings2, UserPlus, Users } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { Fragment, useState } from 'react';
import type { Presence, StatusTone } from '../../../domain/availability';
import adminStyles from '../admin/admin.module.css';
import { useAvailabilityText } from '../shell/availability-text';
import { browserTimeZone, StatusDot } from '../shell/PresenceMenu';
import { useTRPC } from '../trpc/client';
import { errorMessage } from '../trpc/errors';
import { Alert, Avatar, Badge, Button, EmptyState, Skeleton, cx } from '../ui';
import { AbsencesPanel } from './AbsencesPanel';
import { AddUserForm, ManageUserPanel } from './StaffForms';
import { useDayFormat } from './format';
import styles from './users.module.css';

const presenceTones: Record<Presence, StatusTone> = { online: 'green', away: 'amber', offline: 'gray' };

/** Admin → Users: who is online and working, and absences (vacations, sick leave) per user. */
export function UsersPage() {
  const trpc = useTRPC();
  const [timeZone] = useState(browserTimeZone);
  const t = useTranslations('users.page');
  const team = useTranslations('common.team');
  const roles = useTranslations('common.roles');
  const availabilityText = useAvailabilityText(timeZone);
  const { day, range } = useDayFormat();
  const users = useQuery({ ...trpc.availability.users.listWithAvailability.queryOptions({ timeZone }), refetchInterval: 60_000 });
  // Which row's panel is open: `absences-<id>` or `manage-<id>`.
  const [expanded, setExpanded] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);

  return (
    <div className={adminStyles.page}>
      <header className={adminStyles.pageHeader}>
        <div>
          <h1>{t('title')}</h1>
          <p className={adminStyles.pageDescription}>{t('description')}</p>
        </div>
        {!adding && (
          <Button variant="primary" icon={<UserPlus size={15} />} onClick={() => setAdding(true)}>
            {t('add')}
          </Button>
        )}
      </header>
      {adding && (
        <AddUserForm
          onDone={() => {
            setAdding(false);
            // Fetched again here too: a list still loading when the user was added (a slow first
            // load) answers with what it read before, and an invalidation waits for that answer.
            void users.refetch();
          }}
        />
      )}

      {users.status === 'pending' && (
        <div className={adminStyles.tableCard} aria-busy="true" aria-label={t('loading')}>
          {[0, 1, 2, 3].map((i) => (
            <div key={i} className={styles.skeletonRow}>
              <Skeleton width={28} height={28} radius={14} />
              <Skeleton width={180} height={14} />
              <Skeleton width={70} height={14} />
              <Skeleton width={90} height={14} />
              <Skeleton width={120} height={14} />
            </div>
          ))}
        </div>
      )}
      {users.status === 'error' && (
        <Alert tone="error" role="alert">
          {t('loadFailed')} {errorMessage(users.error)}
        </Alert>
      )}
      {users.status === 'success' && users.data.length === 0 && (
        <div className={adminStyles.tableCard}>
          <EmptyState icon={<Users size={20} />} title={t('emptyTitle')} description={t('emptyText')} />
        </div>
      )}
      {users.status === 'success' && users.data.length > 0 && (
        <div className={adminStyles.tableCard}>
          <div className={styles.scroll}>
            <table className={cx(adminStyles.table, styles.table)}>
              <caption className="visually-hidden">{t('caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('columns.user')}</th>
                  <th scope="col" className={adminStyles.hideSmall}>
                    {t('columns.role')}
                  </th>
                  <th scope="col">{t('columns.presence')}</th>
                  <th scope="col">{t('columns.workday')}</th>
                  <th scope="col">{t('columns.absence')}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t('columns.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {users.data.map((user) => {
                  const absencesId = `absences-${user.id}`;
                  const manageId = `manage-${user.id}`;
                  const open = expanded === absencesId || expanded === manageId;
                  const reason = availabilityText.reason(user.reasonCode);
                  return (
                    <Fragment key={user.id}>
                      <tr className={cx(open && styles.openRow)} data-inactive={!user.active || undefined}>
                        <td>
                          <div className={styles.person}>
                            <Avatar name={user.name} colorKey={user.email} size={30} />
                            <div className={styles.personText}>
                              <p className={styles.personName}>
                                {user.name}
                                {!user.active && <Badge>{t('deactivated')}</Badge>}
                              </p>
                              <p className={styles.personEmail}>{user.email}</p>
                            </div>
                          </div>
                        </td>
                        <td className={adminStyles.hideSmall}>{roles(user.role)}</td>
                        <td>
                          <span className={styles.presence}>
                            <StatusDot tone={presenceTones[user.presence]} />
                            {team(`presence.${user.presence}`)}
                          </span>
                          <p className={styles.availability} title={reason ?? undefined}>
                            {user.available ? t('getsDialogs') : t('noDialogs')}
                          </p>
                        </td>
                        <td className={styles.nowrap}>{team(`workday.${user.workday}`)}</td>
                        <td>
                          {user.currentAbsence ? (
                            <Badge tone="red" title={user.currentAbsence.note || undefined}>
                              {reason}
                            </Badge>
                          ) : user.nextAbsence ? (
                            <span className={styles.nextAbsence} title={user.nextAbsence.note || undefined}>
                              <span className={styles.nextLabel}>{t('next', { kind: team(`absenceKinds.${user.nextAbsence.kind}`).toLowerCase() })}</span>
                              {range(day(user.nextAbsence.startsAt), day(user.nextAbsence.endsAt))}
                            </span>
                          ) : (
                            <span className={styles.muted}>{t('nonePlanned')}</span>
                          )}
                        </td>
                        <td className={styles.actions}>
                          <Button
                            size="sm"
                            variant={expanded === manageId ? 'secondary' : 'ghost'}
                            icon={expanded === manageId ? <ChevronUp size={14} /> : <Settings2 size={14} />}
                            aria-expanded={expanded === manageId}
                            aria-controls={expanded === manageId ? manageId : undefined}
                            aria-label={t('manageLabel', { name: user.name })}
                            onClick={() => setExpanded(expanded === manageId ? null : manageId)}
                          >
                            {t('manage')}
                          </Button>
                          <Button
                            size="sm"
                            variant={expanded === absencesId ? 'secondary' : 'ghost'}
                            icon={expanded === absencesId ? <ChevronUp size={14} /> : <CalendarDays size={14} />}
                            aria-expanded={expanded === absencesId}
                            aria-controls={expanded === absencesId ? absencesId : undefined}
                            aria-label={t('absencesLabel', { name: user.name })}
                            onClick={() => setExpanded(expanded === absencesId ? null : absencesId)}
                          >
                            {t('absences')}
                          </Button>
                        </td>
                      </tr>
                      {open && (
                        <tr className={styles.panelRow}>
                          <td colSpan={6} id={expanded ?? undefined}>
                            {expanded === manageId ? <ManageUserPanel user={user} /> : <AbsencesPanel user={user} />}
                          </td>
                        </tr>
                      )}
                    </Fragment>
                  );
                })}
              </tbody>
            </table>
          </div>
        </div>
      )}
    </div>
  );
}
