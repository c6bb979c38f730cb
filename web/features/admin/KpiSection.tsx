import { useTranslations } from 'next-intl';
import type { Role } from '../../../domain/roles';
import { Card, Switch } from '../ui';
import styles from './admin.module.css';
import { AlertUsersField } from './AlertUsersField';
import { DurationField } from './DurationField';
import type { KpiForm, KpiLimitForm, SectionProps } from './line-form';

/** Each limit's texts are the catalogue keys `lines.kpi.<key>`, `<key>Field` and `<key>Hint`. */
const limits = ['firstAnswer', 'furtherAnswer'] as const;

/** SPEC §3 KPI: answer-time limits; going over alerts the operator and the listed users and counts in statistics. */
export function KpiSection({
  value,
  onChange,
  error,
  users,
  usersLoading,
}: SectionProps<KpiForm> & { users: { id: string; name: string; email: string; role: Role; active: boolean }[]; usersLoading: boolean }) {
  const t = useTranslations('lines.kpi');
  const changeLimit = (key: 'firstAnswer' | 'furtherAnswer', changes: Partial<KpiLimitForm>) => onChange({ [key]: { ...value[key], ...changes } });
  return (
    <Card title={t('title')} description={t('description')}>
      {limits.map((key, index) => {
        const current = value[key];
        return (
          <div key={key} className={index > 0 ? styles.subsection : undefined} style={index > 0 ? undefined : { display: 'grid', gap: 16 }}>
            <Switch checked={current.enabled} onChange={(enabled) => changeLimit(key, { enabled })} label={t(key)} />
            <div className={styles.disabledGroup} data-off={!current.enabled}>
              <div className={styles.narrow}>
                <DurationField
                  label={t(`${key}Field`)}
                  hint={t(`${key}Hint`)}
                  value={current.after}
                  disabled={!current.enabled}
                  onChange={(after) => changeLimit(key, { after })}
                  error={error(`settings.kpi.${key}.minutes`)}
                />
              </div>
            </div>
          </div>
        );
      })}
      <div className={styles.subsection}>
        <AlertUsersField
          userIds={value.alertUserIds}
          users={users}
          usersLoading={usersLoading}
          onChange={(alertUserIds) => onChange({ alertUserIds })}
          error={error('settings.kpi.alertUserIds') ?? firstItemError(value.alertUserIds, error)}
        />
      </div>
    </Card>
  );
}

function firstItemError(userIds: string[], error: (field: string) => string | null): string | null {
  for (let i = 0; i < userIds.length; i++) {
    const message = error(`settings.kpi.alertUserIds.${i}`);
    if (message) return message;
  }
  return null;
}
