import type { LineSettings } from '../line-settings';

/**
 * A new dialog of this line starts with a flow (SPEC §4 rule 2): its routing flow, its welcome bot
 * or, when the line answers out of hours with a bot, maybe that bot. The greeting goes first.
 */
export function startsWithFlows(settings: Pick<LineSettings, 'flows' | 'workingHours'>): boolean {
  const { flows, workingHours } = settings;
  return flows.routingFlowId !== null || flows.welcomeBot.flowId !== null || workingHours.outOfHours.action === 'run_bot';
}

/**
 * A new dialog of this line goes straight to the queue: no flow runs first and no CRM check
 * (which may name the client's responsible). Such a dialog is offered by the request that brought
 * its first message, once its workflow has been started and before that workflow has run
 * (channels/inbound.ts); the workflow picks the offer up when it first asks.
 */
export function goesStraightToQueue(settings: Pick<LineSettings, 'flows' | 'workingHours' | 'crm'>): boolean {
  return !startsWithFlows(settings) && !settings.crm.createLead;
}
