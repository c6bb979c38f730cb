import { advanceFlow, startSession, type FollowedOutput } from '../domain/flows/interpreter';
import type { FlowDocument } from '../domain/flows/document';
import type { FlowEffect, FlowEffectResult, FlowFacts, FlowInput, FlowOutcome, FlowSession } from '../domain/flows/runtime';

/** A published flow version, pinned by the dialog that runs it. */
export interface PinnedFlow {
  flowId: number;
  version: number;
  document: FlowDocument;
}

/** What a running flow needs from the dialog workflow: every side effect goes through an activity. */
export interface FlowPort {
  runEffect(effect: FlowEffect): Promise<FlowEffectResult>;
  /** The client's next message, or null when `timeoutMinutes` pass first (null: the bot's overall timeout). */
  nextReply(timeoutMinutes: number | null): Promise<string | null>;
  sleep(minutes: number): Promise<void>;
  facts(): FlowFacts;
  /** The latest published version of another flow (jump to flow, run bot), or null when it has none. */
  loadFlow(flowId: number): Promise<PinnedFlow | null>;
  /** Called on every step, so the workflow can show where the flow is (state query); `followed`: the outputs nodes were left by. */
  onStep(flow: PinnedFlow, session: FlowSession, followed: readonly FollowedOutput[]): void;
  /** An operator took the dialog or it is closing: the flow stops where it is. */
  interrupted(): boolean;
}

/** Flows a dialog may chain through (jump to flow / run bot) before it is treated as a loop. */
const MAX_FLOW_SWITCHES = 10;

/**
 * Runs a flow to its end inside the dialog workflow (SPEC §6): the pure interpreter decides, the
 * port acts. Deterministic: every outside result arrives through an activity or a signal.
 */
export async function runFlow(first: PinnedFlow, port: FlowPort): Promise<{ outcome: FlowOutcome; steps: number }> {
  let flow = first;
  let earlierSteps = 0;
  const ended = (outcome: FlowOutcome) => ({ outcome, steps: earlierSteps + session.steps });
  let session = startSession(flow.flowId, flow.version, flow.document);
  let input: FlowInput = { kind: 'start' };
  for (let switches = 0; ; ) {
    if (port.interrupted()) return ended({ kind: 'finished' });
    const step = advanceFlow(flow.document, session, input, port.facts());
    session = step.session;
    port.onStep(flow, session, step.followed ?? []);
    const stop = step.stop;
    switch (stop.kind) {
      case 'effect':
        input = { kind: 'effect_done', result: await port.runEffect(stop.effect) };
        break;
      case 'await_reply': {
        const text = await port.nextReply(stop.timeoutMinutes);
        input = text === null ? { kind: 'timeout' } : { kind: 'reply', text };
        break;
      }
      case 'sleep':
        await port.sleep(stop.minutes);
        input = { kind: 'timeout' };
        break;
      case 'end': {
        if (stop.outcome.kind !== 'switch_flow') return ended(stop.outcome);
        const next = switches < MAX_FLOW_SWITCHES ? await port.loadFlow(stop.outcome.flowId) : null;
        if (!next) {
          const reason = switches < MAX_FLOW_SWITCHES ? `flow ${stop.outcome.flowId} has no published version` : 'too many jumps between flows';
          return ended({ kind: 'failed', nodeId: session.at, reason });
        }
        switches++;
        earlierSteps += session.steps;
        flow = next;
        session = startSession(flow.flowId, flow.version, flow.document);
        input = { kind: 'start' };
        break;
      }
    }
  }
}
