import { ActivityFailure, patched } from '@temporalio/workflow';
import type { MessageExtras } from '../../domain/channels';
import { activities, delivery } from './activities';

/** An automatic text to the client (greeting, out-of-hours, no-answer, a flow's message, rating, closing). */
export async function sendBotMessage(dialogId: number, text: string, extras?: MessageExtras): Promise<void> {
  const messageId = await activities.postBotMessage({ dialogId, text, extras });
  await deliver(messageId);
}

// This run's deliveries, one after another (module state is the run's own: each workflow
// evaluates its modules afresh), so the client gets messages in the order they were written even
// when an operator's quick replies overlap a retried send.
let previousDelivery: Promise<void> = Promise.resolve();

export async function deliver(messageId: number): Promise<void> {
  if (!patched('deliveries-in-order')) return deliverNow(messageId);
  const turn = previousDelivery.then(() => deliverNow(messageId));
  previousDelivery = turn.catch(() => undefined);
  return turn;
}

async function deliverNow(messageId: number): Promise<void> {
  try {
    await delivery.deliverMessage({ messageId });
  } catch (error) {
    // A permanent delivery failure is recorded on the message for the operator; the dialog goes on.
    if (!(error instanceof ActivityFailure)) throw error;
  }
}
