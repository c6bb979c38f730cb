'use client';

import { LocateFixed } from 'lucide-react';
import { useId, useMemo } from 'react';
import { Button, Card, Field, Input, Switch, Textarea } from '../ui';
import styles from './admin.module.css';
import { ChoiceField } from './ChoiceField';
import { FlowPicker } from './FlowPicker';
import { HolidayList } from './HolidayList';
import type { LineForm, SectionProps } from './line-form';
import { WeekHoursGrid } from './WeekHoursGrid';
import { WorkingHoursStatus } from './WorkingHoursStatus';

/** SPEC §3 working hours: when operators are expected, and what a client hears outside them. */
export function WorkingHoursSection({ value, onChange, error }: SectionProps<LineForm['workingHours']>) {
  const off = !value.enabled;
  const zonesId = useId();
  const zones = useMemo(() => ['UTC', ...Intl.supportedValuesOf('timeZone')], []);
  return (
    <Card title="Working hours" description="Outside these hours dialogs still enter the queue and wait there for operators.">
      <Switch checked={value.enabled} onChange={(enabled) => onChange({ enabled })} label="Limit the line to working hours" />
      <WorkingHoursStatus hours={value} />
      <div className={styles.disabledGroup} data-off={off}>
        <div className={styles.narrow}>
          <Field label="Time zone" hint="The hours and holidays below are in this zone." error={error('settings.workingHours.timeZone')}>
            {(control) => (
              <div className={styles.inline}>
                <Input
                  {...control}
                  list={zonesId}
                  value={value.timeZone}
                  disabled={off}
                  autoComplete="off"
                  spellCheck={false}
                  placeholder="e.g. Europe/Berlin"
                  onChange={(e) => onChange({ timeZone: e.target.value })}
                />
                <Button
                  iconOnly
                  variant="ghost"
                  icon={<LocateFixed size={16} aria-hidden />}
                  aria-label="Use this browser’s time zone"
                  title="Use this browser’s time zone"
                  disabled={off}
                  onClick={() => onChange({ timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone })}
                />
              </div>
            )}
          </Field>
          <datalist id={zonesId}>
            {zones.map((zone) => (
              <option key={zone} value={zone} />
            ))}
          </datalist>
        </div>
        <WeekHoursGrid week={value.week} onChange={(week) => onChange({ week })} error={error} disabled={off} />
        <HolidayList holidays={value.holidays} onChange={(holidays) => onChange({ holidays })} error={error} disabled={off} />
        <ChoiceField
          title="Outside working hours"
          name="out-of-hours-action"
          value={value.outOfHours.action}
          onChange={(action) => onChange({ outOfHours: { ...value.outOfHours, action } })}
          disabled={off}
          error={error('settings.workingHours.outOfHours.action')}
          options={[
            { value: 'send_text', label: 'Reply with a text' },
            { value: 'run_bot', label: 'Run a bot flow' },
            { value: 'nothing', label: 'Don’t reply' },
          ]}
        />
        {value.outOfHours.action === 'run_bot' && (
          <div className={styles.narrow}>
            <FlowPicker
              kind="bot"
              label="Bot flow out of hours"
              hint="Talks to clients who write while the line is closed."
              noneLabel="Choose a bot flow"
              value={value.outOfHours.botFlowId}
              disabled={off}
              onChange={(botFlowId) => onChange({ outOfHours: { ...value.outOfHours, botFlowId } })}
              error={error('settings.workingHours.outOfHours.botFlowId')}
            />
          </div>
        )}
        <Field label="Out-of-hours text" hint="Sent at most once per closed period." error={error('settings.workingHours.outOfHours.text')}>
          {(control) => (
            <Textarea
              {...control}
              rows={3}
              value={value.outOfHours.text}
              disabled={off || value.outOfHours.action !== 'send_text'}
              onChange={(e) => onChange({ outOfHours: { ...value.outOfHours, text: e.target.value } })}
            />
          )}
        </Field>
      </div>
    </Card>
  );
}
