import { condition, setHandler } from '@temporalio/workflow';
import {
  acceptRefusal,
  answersBeside,
  inviteRefusal,
  isGoodRating,
  openRefusal,
  pinRefusal,
  ratingRefusal,
  replyRefusal,
  skipRefusal,
  takeOverRefusal,
  transferRefusal,
} from '../../domain/dialog-lifecycle/preconditions';
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
} from '../../domain/messages';
import { activities } from './activities';
import { requestRating } from './closing';
import { handOver, moveToLine } from './hand-over';
import { acceptBy, offerFreedCapacity } from './queue';
import { deliver, sendBotMessage, storeOperatorReply } from './send';
import type { DialogRun } from './state';
import { reject, refuseIf } from './support';

/**
 * The dialog's public surface (domain/messages.ts): what the inbound path, the operators and the
 * client's widget tell it. Validators refuse, with the lifecycle's own messages
 * (domain/dialog-lifecycle/preconditions.ts), what the dialog's state does not allow, so a refused
 * update leaves no trace in the history.
 */
export function setDialogHandlers(run: DialogRun): void {
  const { dialogId, state } = run;

  setHandler(stateQuery, () => state.view);

  setHandler(clientMessageSignal, ({ messageId, text }) => {
    state.clientWrote(messageId, text);
  });

  setHandler(routingChangedSignal, () => {
    state.routingChanged = true;
  });

  setHandler(operatorUnavailableSignal, ({ operatorId }) => {
    if (state.view.offeredTo.includes(operatorId)) state.withdrawals.push({ operatorId, why: 'unavailable' });
    // Pinned: the dialog stays with its operator whatever their availability.
    else if (state.view.operatorId === operatorId && !state.view.pinned) state.operatorGone ??= { operatorId, why: 'operator_unavailable' };
  });

  setHandler(operatorLeftSignal, ({ operatorId, why }) => {
    if (state.view.offeredTo.includes(operatorId)) state.withdrawals.push({ operatorId, why: 'unavailable' });
    else if (state.view.operatorId === operatorId && (!state.view.pinned || why === 'deactivated')) state.operatorGone = { operatorId, why };
  });

  // Validators run before an in-flight offer is recorded, so they judge "offered to you" only once it is.
  const offerKnown = () => !state.offerInFlight;

  setHandler(
    acceptUpdate,
    async ({ operatorId }) => {
      await acceptBy(run, operatorId);
    },
    { validator: ({ operatorId }) => refuseIf(acceptRefusal(state.hands, operatorId, { offerKnown: offerKnown() })) },
  );

  setHandler(skipUpdate, async ({ operatorId }) => {
    await condition(() => !state.offerInFlight);
    refuseIf(skipRefusal(state.view, operatorId));
    state.withdrawals.push({ operatorId, why: 'skipped' });
  });

  setHandler(
    replyUpdate,
    async ({ operatorId, text, clientMessageId, attachments }) => {
      // An invited colleague answers beside the operator; anyone else answering accepts the dialog.
      if (!answersBeside(state.view, operatorId)) await acceptBy(run, operatorId);
      const stored = await run.serialized(async () => {
        // Files ride in the same activity call (no new command): histories recorded before them replay as they were.
        const reply = await storeOperatorReply({ dialogId, operatorId, text, clientMessageId, ...(attachments?.length ? { attachments } : {}) });
        state.operatorReplied(reply.messageId);
        return reply;
      });
      if (!stored.delivered) await deliver(stored.messageId);
      return { messageId: stored.messageId };
    },
    {
      validator: ({ operatorId, text, attachments }) =>
        refuseIf(replyRefusal(state.hands, operatorId, text, { offerKnown: offerKnown(), attachmentCount: attachments?.length ?? 0 })),
    },
  );

  setHandler(
    transferUpdate,
    async ({ userId, to, comment }) => {
      await condition(() => !state.offerInFlight);
      refuseIf(openRefusal(state.hands));
      const from = state.view.operatorId;
      if (to.kind === 'operator') {
        await handOver(run, to.operatorId, { kind: 'transferred', actorId: userId, data: { fromOperatorId: from, operatorId: to.operatorId, comment: comment ?? null } });
      } else {
        const moved = await moveToLine(run, to.lineId, userId, comment ?? null);
        if (!moved.ok) reject(moved.reason);
      }
      if (from !== null && from !== state.view.operatorId) await offerFreedCapacity(run, from);
    },
    // The line is unknown until the context is loaded.
    { validator: ({ to }) => refuseIf(transferRefusal({ ...state.hands, lineId: (state.context as typeof state.context | undefined)?.lineId }, to)) },
  );

  setHandler(
    takeOverUpdate,
    async ({ userId }) => {
      await condition(() => !state.offerInFlight);
      refuseIf(openRefusal(state.hands));
      const from = state.view.operatorId;
      if (from === userId) return;
      await handOver(run, userId, { kind: 'taken_over', actorId: userId, data: { fromOperatorId: from } });
      if (from !== null) await offerFreedCapacity(run, from);
    },
    { validator: ({ userId }) => refuseIf(takeOverRefusal(state.hands, userId)) },
  );

  setHandler(
    inviteUpdate,
    async ({ userId, inviteeId }) => {
      if (state.view.participants.includes(inviteeId)) return;
      state.invited(inviteeId);
      await run.serialized(() => activities.addParticipant({ dialogId, userId: inviteeId, invitedBy: userId }));
    },
    { validator: ({ inviteeId }) => refuseIf(inviteRefusal(state.hands, inviteeId)) },
  );

  setHandler(
    pinUpdate,
    async ({ userId, pinned }) => {
      if (state.view.pinned === pinned) return;
      state.pinned(pinned);
      await run.serialized(() => activities.setPinned({ dialogId, userId, pinned }));
    },
    { validator: ({ pinned }) => refuseIf(pinRefusal(state.hands, pinned)) },
  );

  setHandler(
    spamUpdate,
    async ({ userId, blockContact }) => {
      state.requestClose('spam', userId, { blockContact });
      await condition(() => state.view.status === 'closed');
    },
    { validator: (_input) => refuseIf(openRefusal(state.hands)) },
  );

  setHandler(
    closeUpdate,
    async ({ userId }) => {
      await condition(() => state.settings !== undefined);
      const { rating } = state.settings;
      const asksBeforeClosing = rating.enabled && rating.askWhen === 'before_close' && !state.view.ratingRequested;
      if (asksBeforeClosing && !rating.closeAfterRating) {
        // The rating is asked now; the dialog stays open until the operator closes it again.
        await requestRating(run);
        return;
      }
      state.requestClose('operator', userId);
      // Returns once closed, or once the rating was asked for when the line asks before closing.
      await condition(() => state.view.status === 'closed' || (asksBeforeClosing && state.view.ratingRequested));
    },
    { validator: (_input) => refuseIf(openRefusal(state.hands)) },
  );

  setHandler(
    rateUpdate,
    async ({ rating }) => {
      state.rated(rating);
      await activities.storeRating({ dialogId, rating });
      await condition(() => state.settings !== undefined);
      const thanks = isGoodRating(rating) ? state.settings.rating.thanksGoodText : state.settings.rating.thanksBadText;
      if (thanks) await sendBotMessage(dialogId, thanks);
    },
    { validator: ({ rating }) => refuseIf(ratingRefusal(state.view, () => state.settings.rating.scale, rating)) },
  );
}
