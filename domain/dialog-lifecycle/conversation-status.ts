import type { DialogStatus } from '../dialog';

/**
 * SPEC §4 statuses of a dialog that has its operator: `in_work` while the client wrote last (the
 * operator owes an answer), `waiting_client` once the operator did.
 */
export type ConversationStatus = Extract<DialogStatus, 'in_work' | 'waiting_client'>;

export function statusWhenLastWriter(writer: 'client' | 'operator'): ConversationStatus {
  return writer === 'client' ? 'in_work' : 'waiting_client';
}

/**
 * Who wrote last, told by message ids: client and operator messages share one sequence, so the
 * larger id is the later message. Nobody wrote yet (both 0) counts as the operator's turn done.
 */
export function conversationStatus(lastClientMessageId: number, lastOperatorMessageId: number): ConversationStatus {
  return statusWhenLastWriter(lastClientMessageId > lastOperatorMessageId ? 'client' : 'operator');
}

/** An offered dialog that an operator accepts: the client is waiting for them. */
export const STATUS_ON_ACCEPT: ConversationStatus = statusWhenLastWriter('client');
