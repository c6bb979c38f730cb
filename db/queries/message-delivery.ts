import type { Database } from '../client';

/** The channel took the message: its id there (for receipts and threading) and its threading keys. */
export async function markMessageSent(db: Database, messageId: number, sent: { externalMessageId: string; threadKeys?: string[] }): Promise<void> {
  await db
    .updateTable('messages')
    .set({ delivery_status: 'delivered', delivery_error: null, external_id: sent.externalMessageId, ...(sent.threadKeys ? { thread_keys: sent.threadKeys } : {}) })
    .where('id', '=', messageId)
    .execute();
}

/** The channel refused the message for good; the operator sees why, and the text stays. */
export async function markMessageFailed(db: Database, messageId: number, error: string): Promise<void> {
  await db.updateTable('messages').set({ delivery_status: 'failed', delivery_error: error }).where('id', '=', messageId).execute();
}

/**
 * A delivery receipt from the channel for a message we sent. Returns the message's dialog when a
 * message matched (so its live view can be refreshed). A late "delivered" never undoes a failure.
 */
export async function applyDeliveryReceipt(
  db: Database,
  channelId: number,
  receipt: { externalMessageId: string; status: 'delivered' | 'read' | 'failed'; error?: string },
): Promise<{ messageId: number; dialogId: number } | undefined> {
  const failed = receipt.status === 'failed';
  let update = db
    .updateTable('messages')
    .set(failed ? { delivery_status: 'failed', delivery_error: receipt.error ?? 'the channel reported the message as not delivered' } : { delivery_status: 'delivered' })
    .where('channel_id', '=', channelId)
    .where('external_id', '=', receipt.externalMessageId)
    .where('author_kind', '!=', 'client');
  if (!failed) update = update.where('delivery_status', '!=', 'failed');
  const row = await update.returning(['id', 'dialog_id']).executeTakeFirst();
  return row && { messageId: row.id, dialogId: row.dialog_id };
}
