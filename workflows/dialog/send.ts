import { ActivityFailure } from '@temporalio/workflow';
import type { MessageExtras } from '../../domain/channels';
import { activities, delivery } from './activities';

/** An automatic text to the client (greeting, out-of-hours, no-answer, a flow's message, rating, closing). */
export async function sendBotMessage(dialogId: number, text: string, extras?: MessageExtras): Promise<void> {
  const messageId = await activities.postBotMessage({ dialogId, text, extras });
  await deliver(messageId);
}

export async function deliver(messageId: number): Promise<void> {
  try {
    await delivery.deliverMessage({ messageId });
  } catch (error) {
    // A permanent delivery failure is recorded on the message for the operator; the dialog goes on.
    if (!(error instanceof ActivityFailure)) throw error;
  }
}
