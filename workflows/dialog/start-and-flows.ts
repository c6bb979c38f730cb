import { ActivityFailure, condition } from '@temporalio/workflow';
import { FlowPath } from '../../domain/flows/analytics';
import { mayRepeatHttpRequest as mayRepeat } from '../../domain/flows/http-step';
import type { FlowOutcome } from '../../domain/flows/runtime';
import { startsWithFlows } from '../../domain/routing/straight-to-queue';
import { isWithinWorkingHours, localTimeOfDay } from '../../domain/working-hours';
import { runFlow } from '../flow-runner';
import { activities, flowHttp, flowHttpOnce } from './activities';
import { handOver, moveToLine } from './hand-over';
import { sendBotMessage } from './send';
import type { DialogRun } from './state';
import { hasChange } from './changes';

// SPEC §4 rule 2, a new dialog's start: the greeting, the line's routing flow, its welcome bot (or,
// out of hours, its out-of-hours bot). The index runs them in that order; the functions here keep
// the awaits the recorded histories expect (no extra async layers: see index.ts).

/** The line greets every new dialog, or only a client's first one. */
export function greets(run: DialogRun): boolean {
  const { settings, context } = run.state;
  return settings.greeting.enabled && (settings.greeting.sendIn === 'every_dialog' || context.isFirstDialog);
}

export function sendGreeting(run: DialogRun): Promise<void> {
  return sendBotMessage(run.dialogId, run.state.settings.greeting.text);
}

/** The greeting is sent before any flow speaks. */
export function hasStartFlows(run: DialogRun): boolean {
  return startsWithFlows(run.state.settings);
}

/** The line's routing flow, then its welcome bot (or, out of hours, its out-of-hours bot). */
export async function runStartFlows(run: DialogRun): Promise<void> {
  const { state } = run;
  if (state.settings.flows.routingFlowId !== null) {
    const routed = await applyFlowOutcome(run, await runPublishedFlow(run, state.settings.flows.routingFlowId));
    if (routed === 'decided') return;
  }
  const { flows, workingHours } = state.settings;
  const outOfHours = workingHours.outOfHours.action === 'run_bot' && !isWithinWorkingHours(workingHours, new Date(Date.now()));
  const welcome = flows.welcomeBot.runIn === 'every_dialog' || state.context.isFirstDialog ? flows.welcomeBot.flowId : null;
  const botFlowId = outOfHours ? workingHours.outOfHours.botFlowId : welcome;
  if (botFlowId !== null) await applyFlowOutcome(run, await runPublishedFlow(run, botFlowId));
}

/** Runs the flow's latest published version, pinned for this dialog, with the client talking to it. */
async function runPublishedFlow(run: DialogRun, flowId: number): Promise<FlowOutcome> {
  const { dialogId, state } = run;
  const pinned = await activities.loadFlowVersion({ flowId });
  if (!pinned) return { kind: 'failed', nodeId: '', reason: `flow ${flowId} has no published version` };
  state.flowStarted();
  await run.serialized(async () => {
    await activities.setDialogStatus({ dialogId, status: 'bot' });
    state.botTalks();
  });
  await activities.recordFlowEvent({ dialogId, kind: 'flow_started', data: { flowId, version: pinned.version, flowKind: pinned.document.kind } });
  let stored = await activities.loadFlowFacts({ dialogId });
  const interrupted = () => flowInterrupted(run);
  const runStartedAt = new Date(Date.now()).toISOString();
  const path = new FlowPath();
  const { outcome, steps } = await runFlow(pinned, {
    runEffect: async (effect) => {
      if (effect.kind === 'send_message') {
        await sendBotMessage(dialogId, effect.text, { buttons: effect.buttons, attachments: effect.attachments });
        return { kind: 'done' };
      }
      if (effect.kind === 'http_request') {
        try {
          return await (mayRepeat(effect) ? flowHttp : flowHttpOnce).flowHttpRequest({ effect });
        } catch (error) {
          if (!(error instanceof ActivityFailure)) throw error;
          return { kind: 'http_response', ok: false, error: error.cause?.message ?? error.message };
        }
      }
      const result = await activities.runFlowEffect({ dialogId, effect });
      if (effect.kind === 'set_contact_field' || effect.kind === 'set_tag') stored = await activities.loadFlowFacts({ dialogId });
      return result;
    },
    nextReply: async (timeoutMinutes) => {
      const minutes = timeoutMinutes ?? state.settings.flows.welcomeBot.timeoutMinutes;
      const replied = await condition(() => state.flowInbox.length > 0 || interrupted(), `${minutes} minutes`);
      return replied && !interrupted() ? state.flowInbox.shift()! : null;
    },
    sleep: async (minutes) => {
      await condition(interrupted, `${minutes} minutes`);
    },
    facts: () => {
      const now = new Date(Date.now());
      return {
        ...stored,
        lastMessage: state.lastClientText,
        now: now.toISOString(),
        localTime: localTimeOfDay(state.settings.workingHours.timeZone, now),
        withinWorkingHours: isWithinWorkingHours(state.settings.workingHours, now),
      };
    },
    loadFlow: (nextFlowId) => activities.loadFlowVersion({ flowId: nextFlowId }),
    onStep: (flow, session, followed) => {
      state.flowAt({ flowId: flow.flowId, version: flow.version, nodeId: session.at, variables: session.variables });
      path.step(flow, followed, session.at);
    },
    interrupted,
  });
  state.flowFinished();
  // Flow analytics (histories recorded before it carry no such activity).
  if (hasChange('flow-path')) await activities.recordFlowPath({ dialogId, runStartedAt, steps: path.finish() });
  await activities.recordFlowEvent({ dialogId, kind: 'flow_finished', data: { flowId, outcome: outcome.kind, steps, ...(outcome.kind === 'failed' ? { nodeId: outcome.nodeId, reason: outcome.reason } : {}) } });
  // SPEC §3 welcome bot: it leaves at the hand-off, or stays (silent) in the dialog until it closes.
  if (pinned.document.kind === 'bot') {
    if (state.settings.flows.welcomeBot.leaveAt === 'close') state.botStaysUntilClose = true;
    else await activities.recordFlowEvent({ dialogId, kind: 'bot_left', data: { flowId } });
  }
  return outcome;
}

/** A flow stops when an operator takes the dialog over or it is closed. */
function flowInterrupted(run: DialogRun): boolean {
  return run.state.closeRequested || run.state.view.operatorId !== null;
}

/**
 * What the flow decided. 'decided': the dialog has its way (assigned, closing); 'queue': it goes
 * to distribution. A failed or unfinished flow hands off: the client is never left unanswered.
 */
async function applyFlowOutcome(run: DialogRun, outcome: FlowOutcome): Promise<'decided' | 'queue'> {
  const { dialogId, state } = run;
  if (flowInterrupted(run)) return 'decided';
  switch (outcome.kind) {
    case 'handoff':
      if (outcome.lineId !== null && outcome.lineId !== state.context.lineId) {
        const moved = await moveToLine(run, outcome.lineId, null, null);
        if (!moved.ok) await activities.recordFlowEvent({ dialogId, kind: 'flow_route_refused', data: { lineId: outcome.lineId, reason: moved.reason } });
      }
      state.distributionModeOverride = outcome.mode;
      return 'queue';
    case 'assign':
      if (!(await activities.isActiveUser({ userId: outcome.userId }))) {
        await activities.recordFlowEvent({ dialogId, kind: 'flow_route_refused', data: { operatorId: outcome.userId, reason: 'no active user with this id' } });
        return 'queue';
      }
      await handOver(run, outcome.userId, { kind: 'assigned_by_flow', actorId: null, data: { operatorId: outcome.userId } });
      return 'decided';
    case 'close':
      state.requestClose('operator', null);
      return 'decided';
    case 'switch_flow':
    case 'finished':
    case 'failed':
      return 'queue';
  }
}
