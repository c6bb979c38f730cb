import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { DialogStatus, RatingValue } from './dialog';

/**
 * The dialog workflow's public surface, defined once and shared by the workflow and every client
 * (web server, tests, bench). Each takes one input object. Updates that change state have
 * validators in the workflow, so a rejected call leaves no trace in history.
 */
export const DIALOG_WORKFLOW_TYPE = 'dialogWorkflow';

export interface DialogWorkflowInput {
  dialogId: number;
}

/** A client message already stored by the inbound path. */
export interface ClientMessageSignal {
  messageId: number;
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
}
export const replyUpdate = defineUpdate<{ messageId: number }, [ReplyInput]>('reply');

export interface CloseInput {
  /** The user closing the dialog (already authorized by the caller). */
  userId: string;
}
export const closeUpdate = defineUpdate<void, [CloseInput]>('close');

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
}
export const stateQuery = defineQuery<DialogState>('state');
