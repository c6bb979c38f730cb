import {
  ApplicationFailure,
  ActivityFailure,
  allHandlersFinished,
  condition,
  proxyActivities,
  setHandler,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { MessageExtras } from '../domain/channels';
import { ratingValueSchema, type RatingValue } from '../domain/dialog';
import type { DialogContext } from '../activities/dialogs';
import {
  acceptUpdate,
  clientMessageSignal,
  closeUpdate,
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

/**
 * One open-line dialog, from the client's first message to the rating (SPEC §4):
 * greeting → distribution to the line's queue with hand-off → conversation → close → rating.
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
  // Message ids share one sequence, so comparing them tells who wrote last (SPEC: in_work vs waiting_client).
  let lastClientMessageId = 0;
  let lastOperatorMessageId = 0;
  let closeRequestedBy: string | null = null;
  let closeRequested = false;
  let routingChanged = false;
  let skippedBy: string | null = null;
  // The offer's live event reaches inboxes when its activity commits, before the workflow records
  // it: an operator quick enough to take it then must wait for the record, not be refused.
  let offerInFlight = false;
  const serialized = createSerializer();

  setHandler(stateQuery, () => state);

  setHandler(clientMessageSignal, ({ messageId }) => {
    // The inbound path may re-signal a message after a crash; ids only grow.
    if (messageId > lastClientMessageId) lastClientMessageId = messageId;
  });

  setHandler(routingChangedSignal, () => {
    routingChanged = true;
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
    skippedBy = operatorId;
  });

  setHandler(
    replyUpdate,
    async ({ operatorId, text }) => {
      if (state.operatorId !== operatorId) await acceptBy(operatorId);
      const messageId = await serialized(async () => {
        const id = await activities.postOperatorReply({ dialogId, operatorId, text });
        lastOperatorMessageId = id;
        state.status = 'waiting_client';
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
      closeRequested = true;
      closeRequestedBy = userId;
      await condition(() => state.status === 'closed');
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

  // 1. Greeting.
  if (settings.greeting.enabled && (settings.greeting.sendIn === 'every_dialog' || context.isFirstDialog)) {
    await sendBotMessage(settings.greeting.text);
  }

  // 2. Distribution: offer to the line's queue until someone accepts (or the dialog is closed).
  await distributeToQueue();

  // 3. Conversation: keep the stored status in step with who wrote last, until the dialog closes.
  let storedStatus = state.status;
  while (!closeRequested) {
    await condition(() => closeRequested || desiredConversationStatus() !== storedStatus);
    if (closeRequested) break;
    await serialized(async () => {
      const desired = desiredConversationStatus();
      if (desired === 'in_work' && state.status !== 'in_work') await activities.markClientWrote({ dialogId });
      state.status = desired;
      storedStatus = desired;
    });
  }

  // 4. Close.
  await serialized(async () => {
    await activities.closeDialog({ dialogId, reason: 'operator', closedBy: closeRequestedBy });
    state.status = 'closed';
    state.offeredTo = [];
  });
  if (settings.closing.text) await sendBotMessage(settings.closing.text);

  // 5. Rating.
  if (settings.rating.enabled) {
    state.ratingRequested = true;
    await sendBotMessage(settings.rating.requestText, ratingRequestExtras(settings.rating.scale));
    await condition(() => state.rating !== null, `${settings.rating.timeLimitMinutes} minutes`);
  }

  await condition(allHandlersFinished);

  // ---- steps ----

  async function distributeToQueue(): Promise<void> {
    const letItPass = new Set<string>();
    while (state.operatorId === null && !closeRequested) {
      offerInFlight = true;
      const offer = await serialized(() =>
        activities.offerDialog({ dialogId, lineId: context.lineId, excluded: [...letItPass] }),
      );
      if (offer) {
        state.status = 'offered';
        state.offeredTo = [offer.operatorId];
        skippedBy = null;
      }
      offerInFlight = false;
      if (state.operatorId !== null || closeRequested) return;
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
      const answered = await condition(
        () => state.operatorId !== null || closeRequested || skippedBy !== null,
        `${settings.distribution.handoffMinutes} minutes`,
      );
      if (state.operatorId !== null || closeRequested) return;
      // Hand-off: the offered operator skipped or did not accept in time.
      letItPass.add(offer.operatorId);
      state.offeredTo = [];
      state.status = 'queued';
      if (!answered) state.missed = true;
      await serialized(() =>
        activities.withdrawOffer({ dialogId, operatorId: offer.operatorId, why: answered ? 'skipped' : 'timeout' }),
      );
    }
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
