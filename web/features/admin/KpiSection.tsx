import type { Role } from '../../../domain/roles';
import { Card, Switch } from '../ui';
import styles from './admin.module.css';
import { AlertUsersField } from './AlertUsersField';
import { DurationField } from './DurationField';
import type { KpiForm, KpiLimitForm, SectionProps } from './line-form';

const limits: { key: 'firstAnswer' | 'furtherAnswer'; label: string; field: string; hint: string }[] = [
  { key: 'firstAnswer', label: 'Limit the time to the first answer', field: 'First answer within', hint: 'From the client’s first message until an operator answers. 1 minute to 1 day.' },
  { key: 'furtherAnswer', label: 'Limit the time to each further answer', field: 'Further answers within', hint: 'From each later client message until an operator answers it. 1 minute to 1 day.' },
];

/** SPEC §3 KPI: answer-time limits; going over alerts the operator and the listed users and counts in statistics. */
export function KpiSection({
  value,
  onChange,
  error,
  users,
  usersLoading,
}: SectionProps<KpiForm> & { users: { id: string; name: string; email: string; role: Role; active: boolean }[]; usersLoading: boolean }) {
  const changeLimit = (key: 'firstAnswer' | 'furtherAnswer', changes: Partial<KpiLimitForm>) => onChange({ [key]: { ...value[key], ...changes } });
  return (
    <Card title="KPI" description="Answer-time limits. When one is exceeded, the operator and the users below are alerted, and the violation shows in statistics.">
      {limits.map((limit, index) => {
        const current = value[limit.key];
        return (
          <div key={limit.key} className={index > 0 ? styles.subsection : undefined} style={index > 0 ? undefined : { display: 'grid', gap: 16 }}>
            <Switch checked={current.enabled} onChange={(enabled) => changeLimit(limit.key, { enabled })} label={limit.label} />
            <div className={styles.disabledGroup} data-off={!current.enabled}>
              <div className={styles.narrow}>
                <DurationField
                  label={limit.field}
                  hint={limit.hint}
                  value={current.after}
                  disabled={!current.enabled}
                  onChange={(after) => changeLimit(limit.key, { after })}
                  error={error(`settings.kpi.${limit.key}.minutes`)}
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
