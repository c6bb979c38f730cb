'use client';

import { Card } from '../ui';
import styles from './admin.module.css';
import { ChoiceField } from './ChoiceField';
import { DurationField } from './DurationField';
import { FlowPicker } from './FlowPicker';
import type { FlowsForm, SectionProps } from './line-form';

/** SPEC §3, §6: the published flows this line runs when a dialog starts. */
export function FlowsSection({ value, onChange, error }: SectionProps<FlowsForm>) {
  const bot = value.welcomeBot;
  const changeBot = (changes: Partial<FlowsForm['welcomeBot']>) => onChange({ welcomeBot: { ...bot, ...changes } });
  const off = bot.flowId === null;
  return (
    <Card title="Flows" description="Flows drawn under Flows and published there. A dialog keeps the version it started with.">
      <div className={styles.narrow}>
        <FlowPicker
          kind="routing"
          label="Routing flow"
          hint="Decides where a new dialog goes before it enters the queue: another line, the responsible user, a bot…"
          noneLabel="None: straight to this line’s queue"
          value={value.routingFlowId}
          onChange={(routingFlowId) => onChange({ routingFlowId })}
          error={error('settings.flows.routingFlowId')}
        />
      </div>
      <div className={styles.subsection}>
        <div className={styles.narrow}>
          <FlowPicker
            kind="bot"
            label="Welcome bot"
            hint="Talks to the client first; it hands the dialog to the queue when its flow says so."
            noneLabel="None: no welcome bot"
            value={bot.flowId}
            onChange={(flowId) => changeBot({ flowId })}
            error={error('settings.flows.welcomeBot.flowId')}
          />
        </div>
        <div className={styles.disabledGroup} data-off={off}>
          <ChoiceField
            title="Run the bot in"
            name="welcome-bot-run-in"
            value={bot.runIn}
            onChange={(runIn) => changeBot({ runIn })}
            disabled={off}
            error={error('settings.flows.welcomeBot.runIn')}
            options={[
              { value: 'every_dialog', label: 'Every new dialog' },
              { value: 'first_dialog', label: 'Only a client’s first dialog' },
            ]}
          />
          <ChoiceField
            title="The bot leaves"
            name="welcome-bot-leave-at"
            value={bot.leaveAt}
            onChange={(leaveAt) => changeBot({ leaveAt })}
            disabled={off}
            error={error('settings.flows.welcomeBot.leaveAt')}
            options={[
              { value: 'handoff', label: 'When it hands the dialog to an operator' },
              { value: 'close', label: 'When the dialog closes (it stays silent meanwhile)' },
            ]}
          />
          <div className={styles.narrow}>
            <DurationField
              label="Client silent for"
              hint="Then the dialog goes to the queue. 1 minute to 1 day."
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
