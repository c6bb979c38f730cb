import { EMPTY_MESSAGE, isRatingValue, lacksContent, type DialogStatus, type RatingValue } from '../dialog';
import { englishErrorText } from '../error-messages';

/**
 * What a dialog's state allows, with the message the user sees when it does not (SPEC §4 rules
 * 6–8). The dialog workflow's update validators enforce these; the web server asks the same rules
 * of the stored row first, so a refusal reads the same whichever layer gives it. Each check returns
 * the refusal, or null when the action may go ahead. The texts are the `errors` catalogue's
 * `dialog.*` (English here, as the workflow answers; the tRPC error formatter shows staff their own
 * language by finding the catalogue text a refusal was rendered from).
 */
export const refusals = {
  closed: englishErrorText('dialog.closed'),
  takenByAnother: englishErrorText('dialog.takenByAnother'),
  notOffered: englishErrorText('dialog.notOffered'),
  nothingToSkip: englishErrorText('dialog.nothingToSkip'),
  emptyReply: englishErrorText('dialog.emptyReply', { problem: EMPTY_MESSAGE }),
  alreadyWithOperator: englishErrorText('dialog.alreadyWithOperator'),
  alreadyInLineQueue: englishErrorText('dialog.alreadyInLineQueue'),
  alreadyYours: englishErrorText('dialog.alreadyYours'),
  alreadyInvited: englishErrorText('dialog.alreadyInvited'),
  pinNeedsOperator: englishErrorText('dialog.pinNeedsOperator'),
  ratingNotRequested: englishErrorText('dialog.ratingNotRequested'),
  alreadyRated: englishErrorText('dialog.alreadyRated'),
  ratingValue: englishErrorText('dialog.ratingValue'),
  ratingLikeDislike: englishErrorText('dialog.ratingLikeDislike'),
  ratingFiveStars: englishErrorText('dialog.ratingFiveStars'),
};

/** A refusal's English text (what the workflow's update validators answer), or null. */
export type Refusal = string | null;

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
