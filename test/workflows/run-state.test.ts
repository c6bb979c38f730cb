import { describe, expect, it } from 'vitest';
import { DialogRunState } from '../../workflows/dialog/state';

/**
 * The dialog workflow's state (workflows/dialog/state.ts): its transitions keep the deadline
 * watcher armed — a change that can move a deadline re-arms it, a repeated signal does not — and
 * follow the lifecycle rules of domain/dialog-lifecycle.
 */
function newDialog() {
  return new DialogRunState(7, undefined);
}

describe('the dialog run state', () => {
  it('re-arms the deadlines when the client writes, but not for a message it has already seen', () => {
    const state = newDialog();
    const armed = state.deadlinesVersion;
    expect(state.clientWrote(10, 'hello')).toBe(true);
    expect(state.deadlinesVersion).toBeGreaterThan(armed);
    const after = state.deadlinesVersion;
    expect(state.clientWrote(10, 'hello')).toBe(false);
    expect(state.deadlinesVersion).toBe(after);
  });

  it('waits for the client once the operator answered, and starts the auto-close clock', () => {
    const state = newDialog();
    state.clientWrote(10, 'hello');
    state.accepted('anna');
    expect(state.view.status).toBe('in_work');
    const armed = state.deadlinesVersion;
    state.operatorReplied(11);
    expect(state.view.status).toBe('waiting_client');
    expect(state.clock).toMatchObject({ unansweredSince: null, noAnswerSince: null, operatorAnswered: true });
    expect(state.clock.operatorWroteLastAt).not.toBeNull();
    expect(state.deadlinesVersion).toBeGreaterThan(armed);
    state.clientWrote(12, 'thanks');
    expect(state.conversationStatus()).toBe('in_work');
  });

  it('returns to the queue unpinned, with the no-answer time counting again', () => {
    const state = newDialog();
    state.accepted('anna');
    state.pinned(true);
    state.noAnswerRuleApplied();
    const armed = state.deadlinesVersion;
    state.returnedToQueue();
    expect(state.view).toMatchObject({ operatorId: null, status: 'queued', pinned: false });
    expect(state.clock.noAnswerHandled).toBe(false);
    expect(state.deadlinesVersion).toBeGreaterThan(armed);
  });

  it('keeps the first close request, and reopens with its operator when the client writes after the close', () => {
    const state = newDialog();
    state.accepted('anna');
    state.requestClose('auto_close', null);
    state.requestClose('operator', 'anna');
    expect(state.closeReason).toBe('auto_close');
    state.closed();
    state.clientWrote(20, 'one more thing');
    expect(state.reopenRequested).toBe(true);
    state.reopened();
    expect(state.view.status).toBe('in_work');
    expect(state.closeRequested).toBe(false);
    expect(state.reopenRequested).toBe(false);
  });

  it('gives a hand-over the new operator, and starts any distribution over', () => {
    const state = newDialog();
    state.offered(['anna']);
    const epoch = state.queueEpoch;
    state.handedOver('boris');
    expect(state.view).toMatchObject({ operatorId: 'boris', offeredTo: [] });
    expect(state.queueEpoch).not.toBe(epoch);
  });

  it('lets no deadline run while a flow talks, and starts the clocks when it ends', () => {
    const state = newDialog();
    state.flowStarted();
    expect(state.flowRunning).toBe(true);
    state.clientWrote(5, 'menu');
    expect(state.flowInbox).toEqual(['menu']);
    const armed = state.deadlinesVersion;
    state.flowFinished();
    expect(state.flowRunning).toBe(false);
    expect(state.clock.noAnswerSince).not.toBeNull();
    expect(state.deadlinesVersion).toBeGreaterThan(armed);
  });

  it('hands the next run what it needs to go on (continue-as-new)', () => {
    const state = newDialog();
    state.clientWrote(10, 'hello');
    state.accepted('anna');
    state.operatorReplied(11);
    const next = new DialogRunState(7, state.carried());
    expect(next.view).toEqual(state.view);
    expect(next.conversationStatus()).toBe('waiting_client');
    expect(next.clock).toEqual(state.clock);
  });
});
