'use client';

import { LocateFixed } from 'lucide-react';
import { useTranslations } from 'next-intl';
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
  const t = useTranslations('lines.workingHours');
  const off = !value.enabled;
  const zonesId = useId();
  const zones = useMemo(() => ['UTC', ...Intl.supportedValuesOf('timeZone')], []);
  return (
    <Card title={t('title')} description={t('description')}>
      <Switch checked={value.enabled} onChange={(enabled) => onChange({ enabled })} label={t('enabled')} />
      <WorkingHoursStatus hours={value} />
      <div className={styles.disabledGroup} data-off={off}>
        <div className={styles.narrow}>
          <Field label={t('timeZone')} hint={t('timeZoneHint')} error={error('settings.workingHours.timeZone')}>
            {(control) => (
              <div className={styles.inline}>
                <Input
                  {...control}
                  list={zonesId}
                  value={value.timeZone}
                  disabled={off}
                  autoComplete="off"
                  spellCheck={false}
                  placeholder={t('timeZonePlaceholder')}
                  onChange={(e) => onChange({ timeZone: e.target.value })}
                />
                <Button
                  iconOnly
                  variant="ghost"
                  icon={<LocateFixed size={16} aria-hidden />}
                  aria-label={t('useBrowserZone')}
                  title={t('useBrowserZone')}
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
          title={t('outOfHours')}
          name="out-of-hours-action"
          value={value.outOfHours.action}
          onChange={(action) => onChange({ outOfHours: { ...value.outOfHours, action } })}
          disabled={off}
          error={error('settings.workingHours.outOfHours.action')}
          options={[
            { value: 'send_text', label: t('sendText') },
            { value: 'run_bot', label: t('runBot') },
            { value: 'nothing', label: t('nothing') },
          ]}
        />
        {value.outOfHours.action === 'run_bot' && (
          <div className={styles.narrow}>
            <FlowPicker
              kind="bot"
              label={t('bot')}
              hint={t('botHint')}
              noneLabel={t('botNone')}
              value={value.outOfHours.botFlowId}
              disabled={off}
              onChange={(botFlowId) => onChange({ outOfHours: { ...value.outOfHours, botFlowId } })}
              error={error('settings.workingHours.outOfHours.botFlowId')}
            />
          </div>
        )}
        <Field label={t('text')} hint={t('textHint')} error={error('settings.workingHours.outOfHours.text')}>
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
