import { ActivityFailure } from '@temporalio/workflow';
import type { StoredOutgoing } from '../../activities/messages';
import type { MessageExtras } from '../../domain/channels';
import type { Activities } from '../../activities';
import { activities, delivery } from './activities';
import { hasChange } from './changes';

/** An automatic text to the client (greeting, out-of-hours, no-answer, a flow's message, rating, closing). */
export async function sendBotMessage(dialogId: number, text: string, extras?: MessageExtras): Promise<void> {
  const stored = storedIsDelivered()
    ? await activities.storeBotMessage({ dialogId, text, extras })
    : { messageId: await activities.postBotMessage({ dialogId, text, extras }), delivered: false };
  if (!stored.delivered) await deliver(stored.messageId);
}

/** An operator's answer, stored; it still needs `deliver` unless storing delivered it. */
export async function storeOperatorReply(input: Parameters<Activities['storeOperatorReply']>[0]): Promise<StoredOutgoing> {
  if (storedIsDelivered()) return activities.storeOperatorReply(input);
  return { messageId: await activities.postOperatorReply(input), delivered: false };
}

/**
 * A message to a channel that reads from this server (the widget) is delivered when stored: no
 * delivery activity, so an operator's reply completes a workflow task and an activity task sooner.
 * Runs recorded before store every message with the step that returns only its id, then deliver it.
 */
function storedIsDelivered(): boolean {
  return hasChange('stored-is-delivered');
}

// This run's deliveries, one after another (module state is the run's own: each workflow
// evaluates its modules afresh), so the client gets messages in the order they were written even
// when an operator's quick replies overlap a retried send.
let previousDelivery: Promise<void> = Promise.resolve();

export async function deliver(messageId: number): Promise<void> {
  if (!hasChange('deliveries-in-order')) return deliverNow(messageId);
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
