import {
  ActivityFailure,
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  log,
  patched,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { DialogContext } from '../activities/dialogs';
import type { MessageExtras } from '../domain/channels';
import { dialogWorkflowId, ratingValueSchema, type CloseReason } from '../domain/dialog';
import { DIALOG_CLOSED_FAILURE } from '../domain/errors';
import { nextDeadline, type ConversationClock, type DeadlineKind } from '../domain/dialog-deadlines';
import { lineSettingsSchema, type DistributionMode, type LineSettings } from '../domain/line-settings';
import { isWithinWorkingHours, localTimeOfDay, nextOpeningAt } from '../domain/working-hours';
import type { FlowOutcome } from '../domain/flows/runtime';
import { mayRepeatHttpRequest as mayRepeat } from '../domain/flows/http-step';
import {
  acceptUpdate,
  clientMessageSignal,
  closeUpdate,
  inviteUpdate,
  operatorLeftSignal,
  operatorUnavailableSignal,
  pinUpdate,
  rateUpdate,
  replyUpdate,
  routingChangedSignal,
  skipUpdate,
  spamUpdate,
  stateQuery,
  takeOverUpdate,
  transferUpdate,
  type CarriedDialogState,
  type DialogState,
  type DialogWorkflowInput,
} from '../domain/messages';
import { runFlow } from './flow-runner';
import { countingCalls, createSerializer, isGoodRating, nowIso, ratingRequestExtras, reject } from './dialog-support';

const { stubs: activities, running: activitiesRunning } = countingCalls(
  proxyActivities<Activities>({
    startToCloseTimeout: '30 seconds',
    // Database writes retry until PostgreSQL is back: a dialog never loses a step to an outage.
    retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
  }),
);

const delivery = proxyActivities<Pick<Activities, 'deliverMessage'>>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes', maximumAttempts: 20 },
});

// A flow's HTTP request: the node's own timeout, and a few retries before its failure branch.
const flowHttp = proxyActivities<Pick<Activities, 'flowHttpRequest'>>({
  startToCloseTimeout: '75 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumAttempts: 3 },
});

// A request that changes something (POST, PUT, PATCH, DELETE) is made once unless its node says
// repeating it is safe: a retry after a lost answer could order, charge or delete twice.
const flowHttpOnce = proxyActivities<Pick<Activities, 'flowHttpRequest'>>({
  startToCloseTimeout: '75 seconds',
  retry: { maximumAttempts: 1 },
});

type WithdrawReason = 'timeout' | 'skipped' | 'unavailable';
type ReturnReason = 'no_answer' | 'operator_unavailable' | 'left_queue' | 'deactivated';

/**
 * One open-line dialog, from the client's first message to the rating (SPEC §4):
 * greeting → CRM check → queue (offers with hand-off) ⇄ conversation → close → rating, and back
 * to the conversation when the client writes inside the reopen window.
 * Beside it, a watcher acts on the line's deadlines: the no-answer rule, KPI alerts, auto-close
 * after the client's silence, and expiry of a dialog whose client never got an answer.
 * Operators act on it through updates (take, skip, reply, transfer, invite, take over, pin, spam,
 * close). A long dialog continues as new, handing its state to the next run.
 */
export async function dialogWorkflow(input: DialogWorkflowInput): Promise<void> {
  try {
    await runDialog(input);
  } catch (error) {
    // A step found the row closed under this run (activities refuse that for good): the row is the
    // truth, so the run ends rather than failing or retrying.
    if (!isDialogClosedFailure(error)) throw error;
    log.warn('dialog run ended: its dialog is closed', { dialogId: input.dialogId });
  }
}

async function runDialog({ dialogId, resume }: DialogWorkflowInput): Promise<void> {
  const carried = resume?.reason === 'continued' ? resume.carried : undefined;
  const state: DialogState = carried?.state ?? {
    dialogId,
    status: 'queued',
    operatorId: null,
    offeredTo: [],
    missed: false,
    ratingRequested: false,
    rating: null,
    pinned: false,
    participants: [],
  };
  // Message ids share one sequence, so comparing them tells who wrote last (in_work vs waiting_client).
  let lastClientMessageId = carried?.lastClientMessageId ?? 0;
  let lastOperatorMessageId = carried?.lastOperatorMessageId ?? 0;
  // The clock the deadlines run on; `version` moves whenever it changes, to re-arm the watcher.
  const clock: ConversationClock = carried?.clock ?? {
    noAnswerSince: nowIso(),
    noAnswerHandled: false,
    unansweredSince: nowIso(),
    operatorWroteLastAt: null,
    operatorAnswered: false,
    kpiAlertedFor: null,
  };
  let outOfHoursRepliedFor = carried?.outOfHoursRepliedFor ?? null;
  let version = 0;
  let closeRequested = false;
  let closeRequestedBy: string | null = null;
  // Widened on purpose: the handlers and the deadline watcher set it from closures.
  let closeReason = 'operator' as CloseReason;
  let blockContactOnClose = false;
  // A client wrote after the close: inside the reopen window the inbound path sent it here.
  let reopenRequested = false;
  let routingChanged = false;
  // Moves when the dialog changes line or hands: a running distribution starts over.
  let queueEpoch = 0;
  // Offers to withdraw (skipped, operator unavailable, hand-off time passed), handled in order.
  const withdrawals: { operatorId: string; why: WithdrawReason }[] = [];
  let operatorGone: { operatorId: string; why: ReturnReason } | null = null;
  // The offer's live event reaches inboxes when its activity commits, before the workflow records
  // it: an operator quick enough to take it then must wait for the record, not be refused.
  let offerInFlight = false;
  const serialized = createSerializer();
  // Loaded first thing; handlers that need them before then wait (validators see the line as unknown).
  let context = undefined as unknown as DialogContext;
  let settings = undefined as unknown as LineSettings;
  let closedAt = 0;
  // A routing flow may route to a line with another distribution mode, for this dialog only.
  let distributionModeOverride: DistributionMode | null = null;
  // While a flow runs, the client talks to it: their messages queue here, and the line's
  // deadlines wait (the bot is answering).
  let flowRunning = false;
  const flowInbox: string[] = [];
  let lastClientText = '';
  let botStaysUntilClose = false;

  setHandler(stateQuery, () => state);

  setHandler(clientMessageSignal, ({ messageId, text }) => {
    // The inbound path may re-signal a message after a crash; ids only grow.
    if (messageId <= lastClientMessageId) return;
    lastClientMessageId = messageId;
    if (text !== undefined) {
      lastClientText = text;
      if (flowRunning) flowInbox.push(text);
    }
    clock.unansweredSince ??= nowIso();
    clock.operatorWroteLastAt = null;
    if (state.status === 'closed') reopenRequested = true;
    version++;
  });

  setHandler(routingChangedSignal, () => {
    routingChanged = true;
  });

  setHandler(operatorUnavailableSignal, ({ operatorId }) => {
    if (state.offeredTo.includes(operatorId)) withdrawals.push({ operatorId, why: 'unavailable' });
    // Pinned: the dialog stays with its operator whatever their availability.
    else if (state.operatorId === operatorId && !state.pinned) operatorGone ??= { operatorId, why: 'operator_unavailable' };
  });

  setHandler(operatorLeftSignal, ({ operatorId, why }) => {
    if (state.offeredTo.includes(operatorId)) withdrawals.push({ operatorId, why: 'unavailable' });
    else if (state.operatorId === operatorId && (!state.pinned || why === 'deactivated')) operatorGone = { operatorId, why };
  });

  setHandler(
    acceptUpdate,
    async ({ operatorId }) => {
      await acceptBy(operatorId);
    },
    { validator: ({ operatorId }) => assertMayAccept(operatorId) },
  );

  setHandler(skipUpdate, async ({ operatorId }) => {
    await condition(() => !offerInFlight);
    if (!state.offeredTo.includes(operatorId)) reject('This dialog is not offered to you, so there is nothing to skip.');
    withdrawals.push({ operatorId, why: 'skipped' });
  });

  setHandler(
    replyUpdate,
    async ({ operatorId, text, clientMessageId }) => {
      // An invited colleague answers beside the operator; anyone else answering accepts the dialog.
      if (state.operatorId !== operatorId && !state.participants.includes(operatorId)) await acceptBy(operatorId);
      const messageId = await serialized(async () => {
        const id = await activities.postOperatorReply({ dialogId, operatorId, text, clientMessageId });
        lastOperatorMessageId = id;
        state.status = 'waiting_client';
        if (lastClientMessageId < id) {
          clock.unansweredSince = null;
          clock.operatorWroteLastAt = nowIso();
        }
        clock.noAnswerSince = null;
        clock.operatorAnswered = true;
        version++;
        return id;
      });
      await deliver(messageId);
      return { messageId };
    },
    {
      validator: ({ operatorId, text }) => {
        if (text.trim().length === 0) reject('text: must not be empty.');
        assertOpen();
        if (state.operatorId !== operatorId && !state.participants.includes(operatorId)) assertMayAccept(operatorId);
      },
    },
  );

  setHandler(
    transferUpdate,
    async ({ userId, to, comment }) => {
      await condition(() => !offerInFlight);
      assertOpen();
      const from = state.operatorId;
      if (to.kind === 'operator') {
        await handOver(to.operatorId, { kind: 'transferred', actorId: userId, data: { fromOperatorId: from, operatorId: to.operatorId, comment: comment ?? null } });
      } else {
        const moved = await moveToLine(to.lineId, userId, comment ?? null);
        if (!moved.ok) reject(moved.reason);
      }
      if (from !== null && from !== state.operatorId) await offerFreedCapacity(from);
    },
    {
      validator: ({ to }) => {
        assertOpen();
        if (to.kind === 'operator' && to.operatorId === state.operatorId) reject('to.operatorId: the dialog is already with this operator.');
        if (to.kind === 'line' && to.lineId === (context as DialogContext | undefined)?.lineId && state.operatorId === null) {
          reject('to.lineId: the dialog is already waiting in this line’s queue.');
        }
      },
    },
  );

  setHandler(
    takeOverUpdate,
    async ({ userId }) => {
      await condition(() => !offerInFlight);
      assertOpen();
      const from = state.operatorId;
      if (from === userId) return;
      await handOver(userId, { kind: 'taken_over', actorId: userId, data: { fromOperatorId: from } });
      if (from !== null) await offerFreedCapacity(from);
    },
    {
      validator: ({ userId }) => {
        assertOpen();
        if (state.operatorId === userId) reject('You already have this dialog.');
      },
    },
  );

  setHandler(
    inviteUpdate,
    async ({ userId, inviteeId }) => {
      if (state.participants.includes(inviteeId)) return;
      state.participants.push(inviteeId);
      await serialized(() => activities.addParticipant({ dialogId, userId: inviteeId, invitedBy: userId }));
    },
    {
      validator: ({ inviteeId }) => {
        assertOpen();
        if (inviteeId === state.operatorId || state.participants.includes(inviteeId)) reject('inviteeId: this colleague is already in the dialog.');
      },
    },
  );

  setHandler(
    pinUpdate,
    async ({ userId, pinned }) => {
      if (state.pinned === pinned) return;
      state.pinned = pinned;
      await serialized(() => activities.setPinned({ dialogId, userId, pinned }));
    },
    {
      validator: ({ pinned }) => {
        assertOpen();
        if (pinned && state.operatorId === null) reject('Only a dialog with an operator can be pinned.');
      },
    },
  );

  setHandler(
    spamUpdate,
    async ({ userId, blockContact }) => {
      blockContactOnClose = blockContact;
      requestClose('spam', userId);
      await condition(() => state.status === 'closed');
    },
    { validator: (_input) => assertOpen() },
  );

  setHandler(
    closeUpdate,
    async ({ userId }) => {
      await condition(() => settings !== undefined);
      const { rating } = settings;
      const asksBeforeClosing = rating.enabled && rating.askWhen === 'before_close' && !state.ratingRequested;
      if (asksBeforeClosing && !rating.closeAfterRating) {
        // The rating is asked now; the dialog stays open until the operator closes it again.
        await requestRating();
        return;
      }
      requestClose('operator', userId);
      // Returns once closed, or once the rating was asked for when the line asks before closing.
      await condition(() => state.status === 'closed' || (asksBeforeClosing && state.ratingRequested));
    },
    { validator: (_input) => assertOpen() },
  );

  setHandler(
    rateUpdate,
    async ({ rating }) => {
      state.rating = rating;
      await activities.storeRating({ dialogId, rating });
      await condition(() => settings !== undefined);
      const thanks = isGoodRating(rating) ? settings.rating.thanksGoodText : settings.rating.thanksBadText;
      if (thanks) await sendBotMessage(thanks);
    },
    {
      validator: ({ rating }) => {
        if (!state.ratingRequested) reject('No rating was requested for this dialog.');
        if (state.rating !== null) reject('This dialog has already been rated.');
        if (!ratingValueSchema.safeParse(rating).success) reject('rating: must be "like", "dislike" or a whole number from 1 to 5.');
        const scale = settings.rating.scale;
        if ((scale === 'like_dislike') !== (typeof rating === 'string')) {
          reject(scale === 'like_dislike' ? 'rating: this line asks for "like" or "dislike".' : 'rating: this line asks for a number from 1 to 5.');
        }
      },
    },
  );

  context = await activities.loadDialogContext({ dialogId });
  settings = currentSettings(context);
  // A new run for a closed dialog that is not a reopen (a message signalled after its run had
  // ended, e.g. late from the outbox): the row is the truth, nothing is routed again.
  if (!resume && context.status === 'closed' && patched('closed-dialog-ends-run')) return;
  // A run started for a message inside the reopen window: the dialog is with its operator again.
  if (resume?.reason === 'reopened') takeUpReopenedDialog(context);
  let watcher = watchDeadlines();

  // The greeting goes out beside routing: an offer need not wait for its delivery.
  let greeting: Promise<void> = Promise.resolve();
  if (!resume) {
    // 1. Greeting (SPEC §4 rule 2).
    if (settings.greeting.enabled && (settings.greeting.sendIn === 'every_dialog' || context.isFirstDialog)) {
      if (patched('greeting-beside-routing')) greeting = sendBotMessage(settings.greeting.text);
      else await sendBotMessage(settings.greeting.text);
    }
    // 2. Routing flow, then the welcome (or out-of-hours) bot — they speak after the greeting;
    //    then the CRM check, when the line creates leads.
    if (hasStartFlows()) await greeting;
    await runStartFlows();
    if (patched('crm-check') && settings.crm.createLead) await activities.checkContact({ dialogId });
  }

  for (;;) {
    // 3. Queue and conversation, until the dialog is closed: a dialog returned to the queue
    //    (no-answer rule, operator unavailable, transfer to a line) is offered again. Beside it
    //    run the deadline watcher and the out-of-hours replies.
    const outOfHoursReplies = answerOutOfHours();
    while (!closeRequested) {
      if (workflowInfo().continueAsNewSuggested) await continueAsNewNow();
      if (state.operatorId === null) await distributeToQueue();
      else await converse();
    }
    await Promise.all([watcher, outOfHoursReplies, greeting]);

    // 4. Close, closing text, rating.
    await closeWithRating();

    // 5. Reopen: a client message inside the window brings the dialog back to its operator.
    if (!(await reopenedInsideWindow())) break;
    reopen();
    watcher = watchDeadlines();
  }

  await condition(allHandlersFinished);

  // ---- steps ----

  /** An operator's close may first ask for the rating (rating.askWhen = before_close). */
  async function closeWithRating(): Promise<void> {
    const rateBeforeClosing = settings.rating.enabled && settings.rating.askWhen === 'before_close' && closeReason === 'operator' && !state.ratingRequested;
    if (rateBeforeClosing) {
      await requestRating();
      await condition(() => state.rating !== null, `${settings.rating.timeLimitMinutes} minutes`);
      if (state.rating !== null) closeReason = 'rating';
    }
    await serialized(async () => {
      await activities.closeDialog({ dialogId, reason: closeReason, closedBy: closeRequestedBy, blockContact: blockContactOnClose });
      state.status = 'closed';
      state.offeredTo = [];
      closedAt = Date.now();
    });
    if (botStaysUntilClose) {
      botStaysUntilClose = false;
      await activities.recordFlowEvent({ dialogId, kind: 'bot_left', data: {} });
    }
    // Under the line's limit a close frees a slot someone may be waiting for.
    if (state.operatorId !== null) await offerFreedCapacity(state.operatorId);
    if (closeReason === 'spam') return;
    if (settings.closing.text) await sendBotMessage(settings.closing.text);
    // Rating after closing; an expired dialog is archived without one.
    if (settings.rating.enabled && !state.ratingRequested && closeReason !== 'expired') {
      await requestRating();
      await condition(() => state.rating !== null || reopenRequested, `${settings.rating.timeLimitMinutes} minutes`);
    }
  }

  async function reopenedInsideWindow(): Promise<boolean> {
    const windowMinutes = settings.closing.reopenWindowMinutes;
    if (windowMinutes <= 0 || closeReason === 'spam' || closeReason === 'expired') return false;
    if (reopenRequested) return true;
    return condition(() => reopenRequested, Math.max(1, closedAt + windowMinutes * 60_000 - Date.now()));
  }

  function reopen(): void {
    reopenRequested = false;
    closeRequested = false;
    closeRequestedBy = null;
    closeReason = 'operator';
    state.status = state.operatorId === null ? 'queued' : 'in_work';
    state.ratingRequested = false;
    state.rating = null;
    clock.operatorWroteLastAt = null;
    clock.unansweredSince ??= nowIso();
    version++;
  }

  function takeUpReopenedDialog(reopened: DialogContext): void {
    state.operatorId = reopened.operatorId;
    state.status = reopened.operatorId === null ? 'queued' : 'in_work';
    clock.noAnswerSince = reopened.operatorId === null ? nowIso() : null;
    clock.operatorAnswered = reopened.operatorAnswered;
  }

  function hasStartFlows(): boolean {
    const { flows, workingHours } = settings;
    return flows.routingFlowId !== null || flows.welcomeBot.flowId !== null || workingHours.outOfHours.action === 'run_bot';
  }

  /** SPEC §4 rule 2: the line's routing flow, then its welcome bot (or, out of hours, its out-of-hours bot). */
  async function runStartFlows(): Promise<void> {
    if (settings.flows.routingFlowId !== null) {
      const routed = await applyFlowOutcome(await runPublishedFlow(settings.flows.routingFlowId));
      if (routed === 'decided') return;
    }
    const { flows, workingHours } = settings;
    const outOfHours = workingHours.outOfHours.action === 'run_bot' && !isWithinWorkingHours(workingHours, new Date(Date.now()));
    const welcome = flows.welcomeBot.runIn === 'every_dialog' || context.isFirstDialog ? flows.welcomeBot.flowId : null;
    const botFlowId = outOfHours ? workingHours.outOfHours.botFlowId : welcome;
    if (botFlowId !== null) await applyFlowOutcome(await runPublishedFlow(botFlowId));
  }

  /** Runs the flow's latest published version, pinned for this dialog, with the client talking to it. */
  async function runPublishedFlow(flowId: number): Promise<FlowOutcome> {
    const pinned = await activities.loadFlowVersion({ flowId });
    if (!pinned) return { kind: 'failed', nodeId: '', reason: `flow ${flowId} has no published version` };
    flowRunning = true;
    flowInbox.length = 0;
    version++;
    await serialized(async () => {
      await activities.setDialogStatus({ dialogId, status: 'bot' });
      state.status = 'bot';
    });
    await activities.recordFlowEvent({ dialogId, kind: 'flow_started', data: { flowId, version: pinned.version, flowKind: pinned.document.kind } });
    let stored = await activities.loadFlowFacts({ dialogId });
    const { outcome, steps } = await runFlow(pinned, {
      runEffect: async (effect) => {
        if (effect.kind === 'send_message') {
          await sendBotMessage(effect.text, { buttons: effect.buttons, attachments: effect.attachments });
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
        const minutes = timeoutMinutes ?? settings.flows.welcomeBot.timeoutMinutes;
        const replied = await condition(() => flowInbox.length > 0 || flowInterrupted(), `${minutes} minutes`);
        return replied && !flowInterrupted() ? flowInbox.shift()! : null;
      },
      sleep: async (minutes) => {
        await condition(flowInterrupted, `${minutes} minutes`);
      },
      facts: () => {
        const now = new Date(Date.now());
        return {
          ...stored,
          lastMessage: lastClientText,
          now: now.toISOString(),
          localTime: localTimeOfDay(settings.workingHours.timeZone, now),
          withinWorkingHours: isWithinWorkingHours(settings.workingHours, now),
        };
      },
      loadFlow: (nextFlowId) => activities.loadFlowVersion({ flowId: nextFlowId }),
      onStep: (flow, session) => {
        state.flow = { flowId: flow.flowId, version: flow.version, nodeId: session.at, variables: session.variables };
      },
      interrupted: flowInterrupted,
    });
    flowRunning = false;
    state.flow = null;
    // From here the client waits for an operator: the line's clocks start now.
    clock.noAnswerSince = nowIso();
    clock.noAnswerHandled = false;
    clock.unansweredSince = nowIso();
    version++;
    await activities.recordFlowEvent({ dialogId, kind: 'flow_finished', data: { flowId, outcome: outcome.kind, steps, ...(outcome.kind === 'failed' ? { nodeId: outcome.nodeId, reason: outcome.reason } : {}) } });
    // SPEC §3 welcome bot: it leaves at the hand-off, or stays (silent) in the dialog until it closes.
    if (pinned.document.kind === 'bot') {
      if (settings.flows.welcomeBot.leaveAt === 'close') botStaysUntilClose = true;
      else await activities.recordFlowEvent({ dialogId, kind: 'bot_left', data: { flowId } });
    }
    return outcome;
  }

  /** A flow stops when an operator takes the dialog over or it is closed. */
  function flowInterrupted(): boolean {
    return closeRequested || state.operatorId !== null;
  }

  /**
   * What the flow decided. 'decided': the dialog has its way (assigned, closing); 'queue': it goes
   * to distribution. A failed or unfinished flow hands off: the client is never left unanswered.
   */
  async function applyFlowOutcome(outcome: FlowOutcome): Promise<'decided' | 'queue'> {
    if (flowInterrupted()) return 'decided';
    switch (outcome.kind) {
      case 'handoff':
        if (outcome.lineId !== null && outcome.lineId !== context.lineId) {
          const moved = await moveToLine(outcome.lineId, null, null);
          if (!moved.ok) await activities.recordFlowEvent({ dialogId, kind: 'flow_route_refused', data: { lineId: outcome.lineId, reason: moved.reason } });
        }
        distributionModeOverride = outcome.mode;
        return 'queue';
      case 'assign':
        if (!(await activities.isActiveUser({ userId: outcome.userId }))) {
          await activities.recordFlowEvent({ dialogId, kind: 'flow_route_refused', data: { operatorId: outcome.userId, reason: 'no active user with this id' } });
          return 'queue';
        }
        await handOver(outcome.userId, { kind: 'assigned_by_flow', actorId: null, data: { operatorId: outcome.userId } });
        return 'decided';
      case 'close':
        requestClose('operator', null);
        return 'decided';
      case 'switch_flow':
      case 'finished':
      case 'failed':
        return 'queue';
    }
  }

  async function distributeToQueue(): Promise<void> {
    const letItPass = new Set<string>();
    const epoch = queueEpoch;
    const interrupted = () => state.operatorId !== null || closeRequested || queueEpoch !== epoch;
    while (!interrupted()) {
      offerInFlight = true;
      const offer = await serialized(() =>
        activities.offerDialog({ dialogId, lineId: context.lineId, excluded: [...letItPass], mode: distributionModeOverride ?? undefined }),
      );
      if (offer && 'operatorIds' in offer) {
        state.status = 'offered';
        state.offeredTo = [...offer.operatorIds];
        withdrawals.length = 0;
      }
      offerInFlight = false;
      if (offer && 'operatorIds' in offer) {
        for (const id of offer.wake ?? (offer.nextWaiting !== undefined ? [offer.nextWaiting] : [])) await wakeDialog(id);
      }
      if (interrupted()) return;
      if (offer && 'yieldTo' in offer) {
        // An older dialog waits for this capacity: it goes first, this one waits its turn.
        await waitInQueue(interrupted, offer.yieldTo);
        if (workflowInfo().continueAsNewSuggested) return;
        continue;
      }
      if (!offer) {
        if (letItPass.size > 0) {
          // Everyone eligible has let it pass once: go round the queue again.
          letItPass.clear();
          continue;
        }
        await waitInQueue(interrupted);
        if (workflowInfo().continueAsNewSuggested) return;
        continue;
      }
      await waitOnOffer(letItPass, epoch);
    }
  }

  /** Queued: until routing changes (capacity appeared), or the history asks to continue as new. */
  async function waitInQueue(interrupted: () => boolean, wakeFirst?: number): Promise<void> {
    state.status = 'queued';
    routingChanged = false;
    if (wakeFirst !== undefined) await wakeDialog(wakeFirst);
    await condition(() => routingChanged || interrupted() || workflowInfo().continueAsNewSuggested);
  }

  /**
   * Until the offer is taken, or every offered operator let it pass. Evenly and strictly hand it
   * off after the hand-off time; "to all" waits for the first taker, and is offered afresh when the
   * line's routing changes (someone new may be available).
   */
  async function waitOnOffer(letItPass: Set<string>, epoch: number): Promise<void> {
    const toAll = (distributionModeOverride ?? settings.distribution.mode) === 'all';
    routingChanged = false;
    const interrupted = () => state.operatorId !== null || closeRequested || queueEpoch !== epoch;
    while (!interrupted() && state.offeredTo.length > 0) {
      const woken = () => interrupted() || withdrawals.length > 0 || (toAll && routingChanged);
      // "To all" has no hand-off time. (Runs recorded before the fix read condition()'s undefined
      // as a timeout and withdrew every offer on the first skip: patched keeps them replaying.)
      let answered: boolean;
      if (toAll) {
        await condition(woken);
        answered = patched('to-all-never-times-out');
      } else {
        answered = await condition(woken, `${settings.distribution.handoffMinutes} minutes`);
      }
      if (interrupted()) return;
      if (!answered) {
        state.missed = true;
        for (const operatorId of state.offeredTo) withdrawals.push({ operatorId, why: 'timeout' });
      }
      if (toAll && routingChanged && withdrawals.length === 0) return;
      while (withdrawals.length > 0) {
        const { operatorId, why } = withdrawals.shift()!;
        if (!state.offeredTo.includes(operatorId)) continue;
        letItPass.add(operatorId);
        state.offeredTo = state.offeredTo.filter((id) => id !== operatorId);
        if (state.offeredTo.length === 0) state.status = 'queued';
        await serialized(() => activities.withdrawOffer({ dialogId, operatorId, why }));
      }
    }
  }

  /** Keeps the stored status in step with who wrote last, until the dialog closes or goes back to the queue. */
  async function converse(): Promise<void> {
    let storedStatus = state.status;
    const operatorId = state.operatorId;
    const handsChanged = () => state.operatorId !== operatorId;
    while (!closeRequested && !handsChanged()) {
      await condition(
        () =>
          closeRequested ||
          handsChanged() ||
          operatorGone !== null ||
          desiredConversationStatus() !== storedStatus ||
          workflowInfo().continueAsNewSuggested,
      );
      if (closeRequested || handsChanged()) return;
      if (operatorGone !== null) {
        const gone = operatorGone;
        operatorGone = null;
        if (gone.operatorId !== state.operatorId) continue;
        // SPEC §4 rule 4: a client who wrote last goes back to the queue; one the operator answered
        // stays. Rule 5: a user who left the queue (or was deactivated) loses the dialog either way.
        const clientWaits = settings.distribution.availabilityCheck && desiredConversationStatus() === 'in_work';
        if (gone.why !== 'operator_unavailable' || clientWaits) {
          await returnToQueue(gone.why);
          return;
        }
        continue;
      }
      if (desiredConversationStatus() !== storedStatus) {
        await serialized(async () => {
          const desired = desiredConversationStatus();
          if (desired === 'in_work' && state.status !== 'in_work') await activities.markClientWrote({ dialogId });
          state.status = desired;
          storedStatus = desired;
        });
        continue;
      }
      return; // the history asks to continue as new: the main loop does it
    }
  }

  /** SPEC §3: out-of-hours dialogs still queue; the client is told once per off period. */
  async function answerOutOfHours(): Promise<void> {
    const hours = settings.workingHours;
    if (!hours.enabled || hours.outOfHours.action !== 'send_text') return;
    let answeredUpTo = resume ? lastClientMessageId : 0;
    while (!closeRequested) {
      await condition(() => closeRequested || lastClientMessageId > answeredUpTo);
      if (closeRequested) return;
      answeredUpTo = lastClientMessageId;
      const now = new Date(Date.now());
      if (isWithinWorkingHours(hours, now)) continue;
      // The next opening names the off period: one reply per period, however many messages.
      const opening = nextOpeningAt(hours, now)?.toISOString() ?? 'not scheduled';
      if (opening === outOfHoursRepliedFor) continue;
      outOfHoursRepliedFor = opening;
      await sendBotMessage(hours.outOfHours.text);
    }
  }

  async function watchDeadlines(): Promise<void> {
    while (!closeRequested) {
      const seen = version;
      const changed = () => version !== seen || closeRequested;
      const due = flowRunning ? null : nextDeadline(settings, clock);
      if (!due) {
        await condition(changed);
        continue;
      }
      const fired = !(await condition(changed, Math.max(1, Date.parse(due.at) - Date.now())));
      if (fired) await onDeadline(due.kind);
    }
  }

  async function onDeadline(kind: DeadlineKind): Promise<void> {
    switch (kind) {
      case 'auto_close':
        return requestClose('auto_close', null);
      case 'expiry':
        return requestClose('expired', null);
      case 'kpi_first_answer':
      case 'kpi_further_answer':
        return raiseKpiAlert(kind);
      case 'no_answer':
        return applyNoAnswerRule();
    }
  }

  async function applyNoAnswerRule(): Promise<void> {
    clock.noAnswerHandled = true;
    version++;
    if (state.operatorId === null && !state.missed) {
      state.missed = true;
      await activities.markMissed({ dialogId });
    }
    if (settings.noAnswer.action === 'send_text') {
      await sendBotMessage(settings.noAnswer.text);
    } else if (settings.noAnswer.action === 'return_to_queue' && state.operatorId !== null) {
      await returnToQueue('no_answer');
    }
  }

  /** SPEC §3 KPI: the client has waited past the limit: alert the operator and the listed users, once per wait. */
  async function raiseKpiAlert(kind: 'kpi_first_answer' | 'kpi_further_answer'): Promise<void> {
    const waitingSince = clock.unansweredSince;
    if (waitingSince === null) return;
    clock.kpiAlertedFor = waitingSince;
    version++;
    const limit = kind === 'kpi_first_answer' ? settings.kpi.firstAnswer : settings.kpi.furtherAnswer;
    await activities.raiseKpiAlert({
      dialogId,
      kind: kind === 'kpi_first_answer' ? 'first_answer' : 'further_answer',
      operatorId: state.operatorId,
      limitMinutes: limit.minutes,
      waitingSince,
    });
  }

  async function returnToQueue(why: ReturnReason): Promise<void> {
    const operatorId = state.operatorId;
    if (operatorId === null) return;
    state.operatorId = null;
    state.status = 'queued';
    state.pinned = false;
    // The no-answer time counts again from now: it keeps going round until someone answers.
    clock.noAnswerSince = nowIso();
    clock.noAnswerHandled = false;
    version++;
    await serialized(() => activities.returnDialogToQueue({ dialogId, operatorId, why }));
    if (patched('return-frees-capacity')) await offerFreedCapacity(operatorId);
  }

  /** The dialog changes hands (transfer, take-over, a flow's assignment): the new operator has it now. */
  async function handOver(operatorId: string, event: { kind: string; actorId: string | null; data: Record<string, unknown> }): Promise<void> {
    await serialized(() => activities.handOverDialog({ dialogId, toOperatorId: operatorId, status: desiredConversationStatus(), event }));
    state.operatorId = operatorId;
    state.offeredTo = [];
    state.status = desiredConversationStatus();
    queueEpoch++;
    version++;
  }

  /** To another line's queue (transfer, a flow's hand-off): its settings apply from now on. */
  async function moveToLine(lineId: number, actorId: string | null, comment: string | null): Promise<{ ok: true } | { ok: false; reason: string }> {
    const moved = await serialized(() => activities.moveDialogToLine({ dialogId, toLineId: lineId, actorId, fromOperatorId: state.operatorId, comment }));
    if (!moved.ok) return moved;
    context = await activities.loadDialogContext({ dialogId });
    settings = currentSettings(context);
    state.operatorId = null;
    state.offeredTo = [];
    state.status = 'queued';
    state.pinned = false;
    distributionModeOverride = null;
    queueEpoch++;
    version++;
    return moved;
  }

  /** The operator has one dialog less: under a line limit, the next waiting dialog of each of their lines is offered now. */
  async function offerFreedCapacity(operatorId: string): Promise<void> {
    if (!settings.distribution.limit.enabled) return;
    const waiting = await activities.queuedDialogsToOfferAfterCapacityFreed({ operatorId });
    for (const id of waiting) await wakeDialog(id);
  }

  async function wakeDialog(id: number): Promise<void> {
    try {
      await getExternalWorkflowHandle(dialogWorkflowId(id)).signal(routingChangedSignal);
    } catch {
      // That dialog finished meanwhile: nothing to offer.
    }
  }

  /**
   * SPEC §4 rule 9: hands the dialog to a fresh run once the history grows large. Waits until no
   * activity or update is running; the deadlines are absolute times in the clock, so the next run
   * re-arms the same timers.
   */
  async function continueAsNewNow(): Promise<never> {
    await condition(() => activitiesRunning() === 0 && allHandlersFinished());
    const handOver: CarriedDialogState = { state, lastClientMessageId, lastOperatorMessageId, clock, outOfHoursRepliedFor };
    return continueAsNew<typeof dialogWorkflow>({ dialogId, resume: { reason: 'continued', carried: handOver } });
  }

  function requestClose(reason: CloseReason, by: string | null): void {
    if (closeRequested) return;
    closeRequested = true;
    closeReason = reason;
    closeRequestedBy = by;
  }

  async function requestRating(): Promise<void> {
    state.ratingRequested = true;
    await sendBotMessage(settings.rating.requestText, ratingRequestExtras(settings.rating.scale));
  }

  async function acceptBy(operatorId: string): Promise<void> {
    await condition(() => !offerInFlight);
    if (state.operatorId === operatorId) return;
    // Checked again here: two accepts validated in the same activation must still leave one winner.
    assertMayAccept(operatorId, { offerKnown: true });
    state.operatorId = operatorId;
    state.offeredTo = [];
    state.status = 'in_work';
    await serialized(() => activities.assignDialog({ dialogId, operatorId }));
  }

  function assertOpen(): void {
    if (closeRequested || state.status === 'closed') reject('This dialog is already closed.');
  }

  /** Validators run before an in-flight offer is recorded, so they judge "offered to you" only once it is. */
  function assertMayAccept(operatorId: string, { offerKnown = !offerInFlight } = {}): void {
    assertOpen();
    if (state.operatorId !== null && state.operatorId !== operatorId) reject('Another operator has already taken this dialog.');
    if (offerKnown && state.operatorId === null && !state.offeredTo.includes(operatorId)) {
      reject('This dialog is not offered to you (the offer may have passed to the next operator).');
    }
  }

  function desiredConversationStatus(): 'in_work' | 'waiting_client' {
    return lastClientMessageId > lastOperatorMessageId ? 'in_work' : 'waiting_client';
  }

  async function sendBotMessage(text: string, extras?: MessageExtras): Promise<void> {
    const messageId = await activities.postBotMessage({ dialogId, text, extras });
    await deliver(messageId);
  }

  async function deliver(messageId: number): Promise<void> {
    try {
      await delivery.deliverMessage({ messageId });
    } catch (error) {
      // A permanent delivery failure is recorded on the message for the operator; the dialog goes on.
      if (!(error instanceof ActivityFailure)) throw error;
    }
  }
}

function isDialogClosedFailure(error: unknown): boolean {
  return error instanceof ActivityFailure && error.cause instanceof ApplicationFailure && error.cause.type === DIALOG_CLOSED_FAILURE;
}

/**
 * The line's settings with today's defaults filled in: a history recorded before a settings group
 * existed replays with the context it recorded, which lacks that group.
 */
function currentSettings(context: DialogContext): LineSettings {
  return lineSettingsSchema.parse(context.settings);
}
