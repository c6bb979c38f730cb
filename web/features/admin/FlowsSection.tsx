'use client';

import { useTranslations } from 'next-intl';
import { Card } from '../ui';
import styles from './admin.module.css';
import { ChoiceField } from './ChoiceField';
import { DurationField } from './DurationField';
import { FlowPicker } from './FlowPicker';
import type { FlowsForm, SectionProps } from './line-form';

/** SPEC §3, §6: the published flows this line runs when a dialog starts. */
export function FlowsSection({ value, onChange, error }: SectionProps<FlowsForm>) {
  const t = useTranslations('lines.flows');
  const sendIn = useTranslations('lines.sendIn');
  const bot = value.welcomeBot;
  const changeBot = (changes: Partial<FlowsForm['welcomeBot']>) => onChange({ welcomeBot: { ...bot, ...changes } });
  const off = bot.flowId === null;
  return (
    <Card title={t('title')} description={t('description')}>
      <div className={styles.narrow}>
        <FlowPicker
          kind="routing"
          label={t('routing')}
          hint={t('routingHint')}
          noneLabel={t('routingNone')}
          value={value.routingFlowId}
          onChange={(routingFlowId) => onChange({ routingFlowId })}
          error={error('settings.flows.routingFlowId')}
        />
      </div>
      <div className={styles.subsection}>
        <div className={styles.narrow}>
          <FlowPicker
            kind="bot"
            label={t('welcomeBot')}
            hint={t('welcomeBotHint')}
            noneLabel={t('welcomeBotNone')}
            value={bot.flowId}
            onChange={(flowId) => changeBot({ flowId })}
            error={error('settings.flows.welcomeBot.flowId')}
          />
        </div>
        <div className={styles.disabledGroup} data-off={off}>
          <ChoiceField
            title={t('runIn')}
            name="welcome-bot-run-in"
            value={bot.runIn}
            onChange={(runIn) => changeBot({ runIn })}
            disabled={off}
            error={error('settings.flows.welcomeBot.runIn')}
            options={[
              { value: 'every_dialog', label: sendIn('everyDialog') },
              { value: 'first_dialog', label: sendIn('firstDialog') },
            ]}
          />
          <ChoiceField
            title={t('leaveAt')}
            name="welcome-bot-leave-at"
            value={bot.leaveAt}
            onChange={(leaveAt) => changeBot({ leaveAt })}
            disabled={off}
            error={error('settings.flows.welcomeBot.leaveAt')}
            options={[
              { value: 'handoff', label: t('leaveAtHandoff') },
              { value: 'close', label: t('leaveAtClose') },
            ]}
          />
          <div className={styles.narrow}>
            <DurationField
              label={t('timeout')}
              hint={t('timeoutHint')}
              value={bot.timeout}
              disabled={off}
              onChange={(timeout) => changeBot({ timeout })}
              error={error('settings.flows.welcomeBot.timeoutMinutes')}
            />
          </div>
        </div>
      </div>
    </Card>
  );
}
