import {
  ApplicationFailure,
  ActivityFailure,
  allHandlersFinished,
  condition,
  getExternalWorkflowHandle,
  proxyActivities,
  setHandler,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { DialogContext } from '../activities/dialogs';
import type { MessageExtras } from '../domain/channels';
import { dialogWorkflowId, ratingValueSchema, type CloseReason, type RatingValue } from '../domain/dialog';
import { nextDeadline, type DeadlineKind } from '../domain/dialog-deadlines';
import { isWithinWorkingHours, nextOpeningAt } from '../domain/working-hours';
import {
  acceptUpdate,
  clientMessageSignal,
  closeUpdate,
  operatorUnavailableSignal,
  rateUpdate,
  replyUpdate,
  routingChangedSignal,
  skipUpdate,
  stateQuery,
  type DialogState,
  type DialogWorkflowInput,
} from '../domain/messages';

const activities = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  // Database writes retry until PostgreSQL is back: a dialog never loses a step to an outage.
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

const delivery = proxyActivities<Pick<Activities, 'deliverMessage'>>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes', maximumAttempts: 20 },
});

type WithdrawReason = 'timeout' | 'skipped' | 'unavailable';

/**
 * One open-line dialog, from the client's first message to the rating (SPEC §4):
 * greeting → queue (offers with hand-off) ⇄ conversation → close → rating.
 * Beside it, a watcher acts on the line's deadlines: the no-answer rule, auto-close after the
 * client's silence, and expiry of a dialog whose client never got an answer.
 */
export async function dialogWorkflow({ dialogId }: DialogWorkflowInput): Promise<void> {
  const state: DialogState = {
    dialogId,
    status: 'queued',
    operatorId: null,
    offeredTo: [],
    missed: false,
    ratingRequested: false,
    rating: null,
  };
  // Message ids share one sequence, so comparing them tells who wrote last (in_work vs waiting_client).
  let lastClientMessageId = 0;
  let lastOperatorMessageId = 0;
  // The clock the deadlines run on; `version` moves whenever it changes, to re-arm the watcher.
  const clock = {
    noAnswerSince: nowIso() as string | null,
    noAnswerHandled: false,
    unansweredSince: nowIso() as string | null,
    operatorWroteLastAt: null as string | null,
  };
  let version = 0;
  let closeRequested = false;
  let closeRequestedBy: string | null = null;
  // Widened on purpose: the handlers and the deadline watcher set it from closures.
  let closeReason = 'operator' as CloseReason;
  let routingChanged = false;
  // Offers to withdraw (skipped, operator unavailable, hand-off time passed), handled in order.
  const withdrawals: { operatorId: string; why: WithdrawReason }[] = [];
  let unavailableOperator: string | null = null;
  // The offer's live event reaches inboxes when its activity commits, before the workflow records
  // it: an operator quick enough to take it then must wait for the record, not be refused.
  let offerInFlight = false;
  const serialized = createSerializer();

  setHandler(stateQuery, () => state);

  setHandler(clientMessageSignal, ({ messageId }) => {
    // The inbound path may re-signal a message after a crash; ids only grow.
    if (messageId <= lastClientMessageId) return;
    lastClientMessageId = messageId;
    clock.unansweredSince ??= nowIso();
    clock.operatorWroteLastAt = null;
    version++;
  });

  setHandler(routingChangedSignal, () => {
    routingChanged = true;
  });

  setHandler(operatorUnavailableSignal, ({ operatorId }) => {
    if (state.offeredTo.includes(operatorId)) withdrawals.push({ operatorId, why: 'unavailable' });
    else if (state.operatorId === operatorId) unavailableOperator = operatorId;
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
    async ({ operatorId, text }) => {
      if (state.operatorId !== operatorId) await acceptBy(operatorId);
      const messageId = await serialized(async () => {
        const id = await activities.postOperatorReply({ dialogId, operatorId, text });
        lastOperatorMessageId = id;
        state.status = 'waiting_client';
        if (lastClientMessageId < id) {
          clock.unansweredSince = null;
          clock.operatorWroteLastAt = nowIso();
        }
        clock.noAnswerSince = null;
        version++;
        return id;
      });
      await deliver(messageId);
      return { messageId };
    },
    {
      validator: ({ operatorId, text }) => {
        if (text.trim().length === 0) reject('text: must not be empty.');
        if (closeRequested || state.status === 'closed') reject('This dialog is already closed.');
        if (state.operatorId !== operatorId) assertMayAccept(operatorId);
      },
    },
  );

  setHandler(
    closeUpdate,
    async ({ userId }) => {
      requestClose('operator', userId);
      // Returns once closed, or once the rating was asked for when the line asks before closing.
      await condition(() => state.status === 'closed' || state.ratingRequested);
    },
    {
      validator: (_input) => {
        if (closeRequested || state.status === 'closed') reject('This dialog is already closed.');
      },
    },
  );

  setHandler(
    rateUpdate,
    async ({ rating }) => {
      state.rating = rating;
      await activities.storeRating({ dialogId, rating });
      const thanks = isGoodRating(rating) ? context.settings.rating.thanksGoodText : context.settings.rating.thanksBadText;
      if (thanks) await sendBotMessage(thanks);
    },
    {
      validator: ({ rating }) => {
        if (!state.ratingRequested) reject('No rating was requested for this dialog.');
        if (state.rating !== null) reject('This dialog has already been rated.');
        if (!ratingValueSchema.safeParse(rating).success) reject('rating: must be "like", "dislike" or a whole number from 1 to 5.');
        const scale = context.settings.rating.scale;
        if ((scale === 'like_dislike') !== (typeof rating === 'string')) {
          reject(scale === 'like_dislike' ? 'rating: this line asks for "like" or "dislike".' : 'rating: this line asks for a number from 1 to 5.');
        }
      },
    },
  );

  const context: DialogContext = await activities.loadDialogContext({ dialogId });
  const { settings } = context;
  const watcher = watchDeadlines();

  // 1. Greeting, then the out-of-hours reply to client messages written while the line is closed.
  if (settings.greeting.enabled && (settings.greeting.sendIn === 'every_dialog' || context.isFirstDialog)) {
    await sendBotMessage(settings.greeting.text);
  }
  const outOfHoursReplies = answerOutOfHours();

  // 2. Queue and conversation, until the dialog is closed: a dialog returned to the queue
  //    (no-answer rule, operator unavailable) is offered again.
  while (!closeRequested) {
    if (state.operatorId === null) await distributeToQueue();
    else await converse();
  }
  await Promise.all([watcher, outOfHoursReplies]);

  // 3. Close; an operator's close may first ask for the rating (rating.askWhen = before_close).
  const rateBeforeClosing = settings.rating.enabled && settings.rating.askWhen === 'before_close' && closeReason === 'operator';
  if (rateBeforeClosing) await requestRatingAndWait();
  if (rateBeforeClosing && state.rating !== null && settings.rating.closeAfterRating) closeReason = 'rating';
  await serialized(async () => {
    await activities.closeDialog({ dialogId, reason: closeReason, closedBy: closeRequestedBy });
    state.status = 'closed';
    state.offeredTo = [];
  });
  // Under the line's limit a close frees a slot someone may be waiting for.
  if (state.operatorId !== null && settings.distribution.limit.enabled) await offerFreedCapacity(state.operatorId);
  if (settings.closing.text) await sendBotMessage(settings.closing.text);

  // 4. Rating after closing; an expired dialog is archived without one.
  if (settings.rating.enabled && !rateBeforeClosing && closeReason !== 'expired') await requestRatingAndWait();

  await condition(allHandlersFinished);

  // ---- steps ----

  async function distributeToQueue(): Promise<void> {
    const letItPass = new Set<string>();
    while (state.operatorId === null && !closeRequested) {
      offerInFlight = true;
      const offer = await serialized(() =>
        activities.offerDialog({ dialogId, lineId: context.lineId, excluded: [...letItPass] }),
      );
      if (offer && 'operatorIds' in offer) {
        state.status = 'offered';
        state.offeredTo = [...offer.operatorIds];
        withdrawals.length = 0;
      }
      offerInFlight = false;
      if (offer && 'operatorIds' in offer && offer.nextWaiting !== undefined) await wakeDialog(offer.nextWaiting);
      if (state.operatorId !== null || closeRequested) return;
      if (offer && 'yieldTo' in offer) {
        // An older dialog waits for this capacity: it goes first, this one waits its turn.
        state.status = 'queued';
        routingChanged = false;
        await wakeDialog(offer.yieldTo);
        await condition(() => routingChanged || state.operatorId !== null || closeRequested);
        continue;
      }
      if (!offer) {
        if (letItPass.size > 0) {
          // Everyone eligible has let it pass once: go round the queue again.
          letItPass.clear();
          continue;
        }
        state.status = 'queued';
        routingChanged = false;
        await condition(() => routingChanged || state.operatorId !== null || closeRequested);
        continue;
      }
      await waitOnOffer(letItPass);
    }
  }

  /**
   * Until the offer is taken, or every offered operator let it pass. Evenly and strictly hand it
   * off after the hand-off time; "to all" waits for the first taker, and is offered afresh when the
   * line's routing changes (someone new may be available).
   */
  async function waitOnOffer(letItPass: Set<string>): Promise<void> {
    const toAll = settings.distribution.mode === 'all';
    routingChanged = false;
    while (state.operatorId === null && !closeRequested && state.offeredTo.length > 0) {
      const answered = await condition(
        () => state.operatorId !== null || closeRequested || withdrawals.length > 0 || (toAll && routingChanged),
        toAll ? undefined : `${settings.distribution.handoffMinutes} minutes`,
      );
      if (state.operatorId !== null || closeRequested) return;
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
    while (!closeRequested && state.operatorId !== null) {
      await condition(
        () => closeRequested || state.operatorId === null || unavailableOperator !== null || desiredConversationStatus() !== storedStatus,
      );
      if (closeRequested || state.operatorId === null) return;
      if (unavailableOperator !== null) {
        const operatorId = unavailableOperator;
        unavailableOperator = null;
        // SPEC §4 rule 4: a client who wrote last goes back to the queue; one the operator answered stays.
        if (operatorId === state.operatorId && settings.distribution.availabilityCheck && desiredConversationStatus() === 'in_work') {
          await returnToQueue('operator_unavailable');
          return;
        }
        continue;
      }
      await serialized(async () => {
        const desired = desiredConversationStatus();
        if (desired === 'in_work' && state.status !== 'in_work') await activities.markClientWrote({ dialogId });
        state.status = desired;
        storedStatus = desired;
      });
    }
  }

  /** SPEC §3: out-of-hours dialogs still queue; the client is told once per off period. */
  async function answerOutOfHours(): Promise<void> {
    const hours = settings.workingHours;
    if (!hours.enabled || hours.outOfHours.action !== 'send_text') return;
    let answeredUpTo = 0;
    let repliedForOpening: string | null = null;
    while (!closeRequested) {
      await condition(() => closeRequested || lastClientMessageId > answeredUpTo);
      if (closeRequested) return;
      answeredUpTo = lastClientMessageId;
      const now = new Date(Date.now());
      if (isWithinWorkingHours(hours, now)) continue;
      // The next opening names the off period: one reply per period, however many messages.
      const opening = nextOpeningAt(hours, now)?.toISOString() ?? 'not scheduled';
      if (opening === repliedForOpening) continue;
      repliedForOpening = opening;
      await sendBotMessage(hours.outOfHours.text);
    }
  }

  async function watchDeadlines(): Promise<void> {
    while (!closeRequested) {
      const seen = version;
      const changed = () => version !== seen || closeRequested;
      const due = nextDeadline(settings, clock);
      if (!due) {
        await condition(changed);
        continue;
      }
      const fired = !(await condition(changed, Math.max(1, Date.parse(due.at) - Date.now())));
      if (fired) await onDeadline(due.kind);
    }
  }

  async function onDeadline(kind: DeadlineKind): Promise<void> {
    if (kind === 'auto_close') return requestClose('auto_close', null);
    if (kind === 'expiry') return requestClose('expired', null);
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

  async function returnToQueue(why: 'no_answer' | 'operator_unavailable'): Promise<void> {
    const operatorId = state.operatorId;
    if (operatorId === null) return;
    state.operatorId = null;
    state.status = 'queued';
    // The no-answer time counts again from now: it keeps going round until someone answers.
    clock.noAnswerSince = nowIso();
    clock.noAnswerHandled = false;
    version++;
    await serialized(() => activities.returnDialogToQueue({ dialogId, operatorId, why }));
  }

  /** The operator has one dialog less: the next waiting dialog of each of their lines is offered now. */
  async function offerFreedCapacity(operatorId: string): Promise<void> {
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

  function requestClose(reason: CloseReason, by: string | null): void {
    if (closeRequested) return;
    closeRequested = true;
    closeReason = reason;
    closeRequestedBy = by;
  }

  async function requestRatingAndWait(): Promise<void> {
    state.ratingRequested = true;
    await sendBotMessage(settings.rating.requestText, ratingRequestExtras(settings.rating.scale));
    await condition(() => state.rating !== null, `${settings.rating.timeLimitMinutes} minutes`);
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

  /** Validators run before an in-flight offer is recorded, so they judge "offered to you" only once it is. */
  function assertMayAccept(operatorId: string, { offerKnown = !offerInFlight } = {}): void {
    if (closeRequested || state.status === 'closed') reject('This dialog is already closed.');
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

/** Workflow time: deterministic, and what the deadlines are measured in. */
function nowIso(): string {
  return new Date(Date.now()).toISOString();
}

function reject(message: string): never {
  throw ApplicationFailure.create({ message, type: 'DialogConflict', nonRetryable: true });
}

function isGoodRating(rating: RatingValue): boolean {
  return rating === 'like' || (typeof rating === 'number' && rating >= 4);
}

function ratingRequestExtras(scale: 'like_dislike' | 'five_stars'): MessageExtras {
  const buttons =
    scale === 'like_dislike'
      ? [
          { id: 'like', label: '👍' },
          { id: 'dislike', label: '👎' },
        ]
      : [1, 2, 3, 4, 5].map((n) => ({ id: String(n), label: '★'.repeat(n) }));
  return { ratingRequest: { scale }, buttons };
}

/**
 * Runs state-changing activity sequences one at a time, in call order (a promise chain: FIFO and
 * deterministic), so the stored status always follows the last writer.
 */
function createSerializer() {
  let tail: Promise<unknown> = Promise.resolve();
  return function serialized<T>(step: () => Promise<T>): Promise<T> {
    const run = tail.then(step);
    tail = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  };
}
