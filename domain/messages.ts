import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { MessageExtras } from './channels';
import type { DialogStatus, RatingValue } from './dialog';
import type { ConversationClock } from './dialog-deadlines';

/**
 * The dialog workflow's public surface, defined once and shared by the workflow and every client
 * (web server, tests, bench). Each takes one input object. Updates that change state have
 * validators in the workflow, so a rejected call leaves no trace in history.
 */
export const DIALOG_WORKFLOW_TYPE = 'dialogWorkflow';

export interface DialogWorkflowInput {
  dialogId: number;
  /**
   * Set when a new run picks up a dialog already under way: a client message inside the reopen
   * window of a dialog whose workflow had finished, or continue-as-new (then `carried` holds the
   * state the previous run handed over). A resumed dialog sends no greeting.
   */
  resume?: { reason: 'reopened' } | { reason: 'continued'; carried: CarriedDialogState };
}

/** What a run hands to the next one when it continues as new (SPEC §4 rule 9). */
export interface CarriedDialogState {
  state: DialogState;
  lastClientMessageId: number;
  lastOperatorMessageId: number;
  clock: ConversationClock;
  outOfHoursRepliedFor: string | null;
}

/** A client message already stored by the inbound path. */
export interface ClientMessageSignal {
  messageId: number;
  /** The text, for a bot talking to the client (absent in histories recorded before flows). */
  text?: string;
}
export const clientMessageSignal = defineSignal<[ClientMessageSignal]>('clientMessage');

/** Something changed that may let a queued dialog be offered (queue edited, capacity freed). */
export const routingChangedSignal = defineSignal<[]>('routingChanged');

/** The operator became unavailable (offline, away, break, day ended, absence): SPEC §4 rule 4. */
export const operatorUnavailableSignal = defineSignal<[{ operatorId: string }]>('operatorUnavailable');

export interface OperatorInput {
  operatorId: string;
}
export const acceptUpdate = defineUpdate<void, [OperatorInput]>('accept');
export const skipUpdate = defineUpdate<void, [OperatorInput]>('skip');

export interface ReplyInput {
  operatorId: string;
  text: string;
  /**
   * The browser's own id for this reply (a UUID): sending it again (a retry after a timeout)
   * stores and sends the reply once. Absent in histories recorded before it existed.
   */
  clientMessageId?: string;
  /** Files sent with the reply, already stored with the dialog (web/server/services/files.ts); the text may then be empty. */
  attachments?: NonNullable<MessageExtras['attachments']>;
}

/** The stored key of an operator's reply: scoped to the dialog, so ids from browsers never clash across dialogs. */
export function operatorReplyKey(dialogId: number, clientMessageId: string): string {
  return `reply:${dialogId}:${clientMessageId}`;
}
export const replyUpdate = defineUpdate<{ messageId: number }, [ReplyInput]>('reply');

export interface CloseInput {
  /** The user closing the dialog (already authorized by the caller). */
  userId: string;
}
export const closeUpdate = defineUpdate<void, [CloseInput]>('close');

/** Transfer to another operator, or to another line's queue; the comment is for staff only (SPEC §4 rule 6). */
export type TransferTarget = { kind: 'operator'; operatorId: string } | { kind: 'line'; lineId: number };
export interface TransferInput {
  /** The user transferring (already authorized by the caller). */
  userId: string;
  to: TransferTarget;
  comment?: string;
}
export const transferUpdate = defineUpdate<void, [TransferInput]>('transfer');

/** Invite a colleague into the dialog as a second participant. */
export const inviteUpdate = defineUpdate<void, [{ userId: string; inviteeId: string }]>('invite');

/** A supervisor takes the dialog over (intercepts it) from its operator or from the queue. */
export const takeOverUpdate = defineUpdate<void, [{ userId: string }]>('takeOver');

/** Pinned: the dialog stays with its operator regardless of availability. */
export const pinUpdate = defineUpdate<void, [{ userId: string; pinned: boolean }]>('pin');

/** Mark as spam and close; optionally block the contact (their next messages open no dialog). */
export const spamUpdate = defineUpdate<void, [{ userId: string; blockContact: boolean }]>('spam');

/**
 * Daily return (SPEC §4 rule 5): the dialog's operator left the line's queue or was deactivated,
 * so the dialog goes back to the queue whoever wrote last (a pinned dialog stays unless the user
 * was deactivated).
 */
export const operatorLeftSignal = defineSignal<[{ operatorId: string; why: 'left_queue' | 'deactivated' }]>('operatorLeft');

export interface RateInput {
  rating: RatingValue;
}
export const rateUpdate = defineUpdate<void, [RateInput]>('rate');

export interface DialogState {
  dialogId: number;
  status: DialogStatus;
  operatorId: string | null;
  offeredTo: string[];
  missed: boolean;
  ratingRequested: boolean;
  rating: RatingValue | null;
  pinned: boolean;
  /** Colleagues invited into the dialog. */
  participants: string[];
  /** The flow talking to the client now (status bot), and where it is. */
  flow?: { flowId: number; version: number; nodeId: string; variables: Record<string, string> } | null;
}
export const stateQuery = defineQuery<DialogState>('state');
