import { describe, expect, it } from 'vitest';
import { lineSettingsSchema } from '../../domain/line-settings';
import { goesStraightToQueue, startsWithFlows } from '../../domain/routing/straight-to-queue';

const line = (settings: Record<string, unknown>) => lineSettingsSchema.parse(settings);

describe('whether a new dialog goes straight to the queue (and so is offered as it is stored)', () => {
  it('does on a line with no flow and no CRM check, greeting or not', () => {
    expect(goesStraightToQueue(line({}))).toBe(true);
    expect(goesStraightToQueue(line({ greeting: { enabled: true } }))).toBe(true);
    // Out-of-hours text replies run beside the queue: the dialog still queues.
    expect(goesStraightToQueue(line({ workingHours: { enabled: true, outOfHours: { action: 'send_text' } } }))).toBe(true);
  });

  it('does not when a flow runs first: the routing flow, the welcome bot, or the out-of-hours bot', () => {
    for (const settings of [
      { flows: { routingFlowId: 7 } },
      { flows: { welcomeBot: { flowId: 8 } } },
      { workingHours: { enabled: true, outOfHours: { action: 'run_bot', botFlowId: 9 } } },
    ]) {
      expect(startsWithFlows(line(settings))).toBe(true);
      expect(goesStraightToQueue(line(settings))).toBe(false);
    }
  });

  it('does not when the line creates leads: the CRM check may name the client’s responsible first', () => {
    expect(startsWithFlows(line({ crm: { createLead: true } }))).toBe(false);
    expect(goesStraightToQueue(line({ crm: { createLead: true } }))).toBe(false);
  });
});
