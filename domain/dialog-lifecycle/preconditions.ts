import { EMPTY_MESSAGE, isRatingValue, lacksContent, type DialogStatus, type RatingValue } from '../dialog';

/**
 * What a dialog's state allows, with the message the user sees when it does not (SPEC §4 rules
 * 6–8). The dialog workflow's update validators enforce these; the web server asks the same rules
 * of the stored row first, so a refusal reads the same whichever layer gives it. Each check returns
 * the refusal, or null when the action may go ahead.
 */
export const refusals = {
  closed: 'This dialog is already closed.',
  takenByAnother: 'Another operator has already taken this dialog.',
  notOffered: 'This dialog is not offered to you (the offer may have passed to the next operator).',
  nothingToSkip: 'This dialog is not offered to you, so there is nothing to skip.',
  emptyReply: `text: ${EMPTY_MESSAGE}.`,
  alreadyWithOperator: 'to.operatorId: the dialog is already with this operator.',
  alreadyInLineQueue: 'to.lineId: the dialog is already waiting in this line’s queue.',
  alreadyYours: 'You already have this dialog.',
  alreadyInvited: 'inviteeId: this colleague is already in the dialog.',
  pinNeedsOperator: 'This dialog has no operator yet; pin it once someone has taken it.',
  ratingNotRequested: 'No rating was requested for this dialog.',
  alreadyRated: 'This dialog has already been rated.',
  ratingValue: 'rating: must be "like", "dislike" or a whole number from 1 to 5.',
  ratingLikeDislike: 'rating: this line asks for "like" or "dislike".',
  ratingFiveStars: 'rating: this line asks for a number from 1 to 5.',
} as const;

export type Refusal = (typeof refusals)[keyof typeof refusals] | null;

/** Who has the dialog now. `closing`: the workflow has been asked to close it and is doing so. */
export interface DialogHands {
  status: DialogStatus;
  closing?: boolean;
  operatorId: string | null;
  offeredTo: readonly string[];
  participants: readonly string[];
}

export function openRefusal(dialog: Pick<DialogHands, 'status' | 'closing'>): Refusal {
  return dialog.closing === true || dialog.status === 'closed' ? refusals.closed : null;
}

/**
 * Accepting (by "take" or by answering): open, nobody else has it, and it is offered to this
 * operator. `offerKnown` false: an offer is being recorded right now, so "offered to you" cannot be
 * judged yet (its live event may reach the operator before the workflow records it).
 */
export function acceptRefusal(dialog: DialogHands, operatorId: string, { offerKnown = true } = {}): Refusal {
  const closed = openRefusal(dialog);
  if (closed) return closed;
  if (dialog.operatorId !== null && dialog.operatorId !== operatorId) return refusals.takenByAnother;
  if (offerKnown && dialog.operatorId === null && !dialog.offeredTo.includes(operatorId)) return refusals.notOffered;
  return null;
}

/** The dialog's operator or an invited colleague answers beside it; anyone else answering accepts it. */
export function answersBeside(dialog: Pick<DialogHands, 'operatorId' | 'participants'>, userId: string): boolean {
  return dialog.operatorId === userId || dialog.participants.includes(userId);
}

/** `attachmentCount`: files sent with the reply; with at least one, the text may be empty. */
export function replyRefusal(dialog: DialogHands, operatorId: string, text: string, { offerKnown = true, attachmentCount = 0 } = {}): Refusal {
  if (lacksContent(text, attachmentCount)) return refusals.emptyReply;
  const closed = openRefusal(dialog);
  if (closed) return closed;
  return answersBeside(dialog, operatorId) ? null : acceptRefusal(dialog, operatorId, { offerKnown });
}

export function skipRefusal(dialog: Pick<DialogHands, 'offeredTo'>, operatorId: string): Refusal {
  return dialog.offeredTo.includes(operatorId) ? null : refusals.nothingToSkip;
}

export type TransferDestination = { kind: 'operator'; operatorId: string } | { kind: 'line'; lineId: number };

/** `lineId`: the dialog's line now (undefined while the workflow has not loaded it yet). */
export function transferRefusal(dialog: DialogHands & { lineId: number | undefined }, to: TransferDestination): Refusal {
  const closed = openRefusal(dialog);
  if (closed) return closed;
  if (to.kind === 'operator' && to.operatorId === dialog.operatorId) return refusals.alreadyWithOperator;
  if (to.kind === 'line' && to.lineId === dialog.lineId && dialog.operatorId === null) return refusals.alreadyInLineQueue;
  return null;
}

export function takeOverRefusal(dialog: DialogHands, userId: string): Refusal {
  return openRefusal(dialog) ?? (dialog.operatorId === userId ? refusals.alreadyYours : null);
}

export function inviteRefusal(dialog: DialogHands, inviteeId: string): Refusal {
  return openRefusal(dialog) ?? (answersBeside(dialog, inviteeId) ? refusals.alreadyInvited : null);
}

/** Pinning keeps the dialog with its operator, so there must be one; unpinning is always allowed. */
export function pinRefusal(dialog: DialogHands, pinned: boolean): Refusal {
  return openRefusal(dialog) ?? (pinned && dialog.operatorId === null ? refusals.pinNeedsOperator : null);
}

export type RatingScale = 'like_dislike' | 'five_stars';

/**
 * The client's rating: only when asked for, once, and on the line's scale. `scale` is read only
 * once the rest holds (the workflow may not have loaded its line yet).
 */
export function ratingRefusal(dialog: { ratingRequested: boolean; rating: RatingValue | null }, scaleOf: () => RatingScale, rating: unknown): Refusal {
  if (!dialog.ratingRequested) return refusals.ratingNotRequested;
  if (dialog.rating !== null) return refusals.alreadyRated;
  if (!isRatingValue(rating)) return refusals.ratingValue;
  const scale = scaleOf();
  if ((scale === 'like_dislike') !== (typeof rating === 'string')) return scale === 'like_dislike' ? refusals.ratingLikeDislike : refusals.ratingFiveStars;
  return null;
}

/** A good rating gets the line's "thanks" text, a bad one its "sorry" text. */
export function isGoodRating(rating: RatingValue): boolean {
  return rating === 'like' || (typeof rating === 'number' && rating >= 4);
}
