import { withChoicesAsText } from '../domain/channel-replies';
import { channelCapabilities } from '../domain/channels';
import type { Database } from '../db/client';
import { setChannelError } from '../db/queries/channel-state';
import { findChannel } from '../db/queries/channels';
import { findExternalIdOfContact } from '../db/queries/contacts';
import { findDialog } from '../db/queries/dialogs';
import { findLine } from '../db/queries/lines';
import { markMessageFailed, markMessageSent } from '../db/queries/message-delivery';
import { findMessage, setMessageDeliveryStatus } from '../db/queries/messages';
import { PermanentSendFailure, type OutboundAttachment, type OutboundMessage } from './connector';
import { signedFileUrl } from './file-links';
import { ChannelUnavailable, loadConnectedChannel, type ChannelRuntime } from './load';
import { configuredFileStore, type FileStore } from '../storage/file-store';
import { readFileBytes } from '../storage/stored-files';

export interface SendDeps {
  db: Database;
  channels: ChannelRuntime;
  /** Where files' bytes are read from (default: the store the configuration names). */
  files?: FileStore;
}

/**
 * Hands one stored outgoing message to its channel's connector (the deliver activity's body).
 * Keyed by the message: one already delivered is not sent again, and connectors get a stable
 * idempotency key. Throws PermanentSendFailure for what retrying cannot fix (the message is then
 * marked failed with the reason the operator sees); any other error is for the caller to retry.
 */
export async function sendStoredMessage(deps: SendDeps, messageId: number): Promise<void> {
  const message = await findMessage(deps.db, messageId);
  if (!message) throw new PermanentSendFailure(`message ${messageId} does not exist`);
  if (message.delivery_status === 'delivered' || message.author_kind === 'client') return;
  const channelRow = await findChannel(deps.db, message.channel_id);
  const dialog = await findDialog(deps.db, message.dialog_id);
  if (!channelRow || !dialog) return fail(deps, messageId, 'its dialog or channel was removed');
  // The website widget reads its messages from this server (live stream and history): stored is
  // delivered (messages stored before they were stored as delivered get their status here).
  if (channelCapabilities[channelRow.kind].deliveredOnStore) return setMessageDeliveryStatus(deps.db, messageId, 'delivered');

  let loaded;
  try {
    loaded = await loadConnectedChannel(deps.db, deps.channels, { id: channelRow.id });
  } catch (error) {
    if (error instanceof ChannelUnavailable) return fail(deps, messageId, error.message);
    throw error;
  }
  const recipientExternalId = await findExternalIdOfContact(deps.db, dialog.contact_id, channelRow.id);
  if (recipientExternalId === undefined) return fail(deps, messageId, `the client has no address in channel "${channelRow.name}"`);

  const extras = message.extras ?? {};
  const files = (extras.attachments ?? []).filter((file) => file.fileId !== undefined);
  // A flow's link to an outside file travels as a link: the server does not fetch admin-given URLs for clients.
  const links = (extras.attachments ?? []).filter((file) => file.fileId === undefined).map((file) => `${file.name}: ${file.url}`);
  const outbound: OutboundMessage = {
    messageId,
    dialogId: dialog.id,
    idempotencyKey: `openlines-message-${messageId}`,
    recipientExternalId,
    text: [message.text, ...links].filter((part) => part !== '').join('\n'),
    buttons: extras.buttons,
    ratingRequest: extras.ratingRequest,
    attachments: files.map((file): OutboundAttachment => {
      const fileId = file.fileId as number;
      return {
        name: file.name,
        mimeType: file.mimeType ?? 'application/octet-stream',
        size: file.size ?? 0,
        url: signedFileUrl(deps.channels.publicUrl, deps.channels.appSecret, fileId),
        read: async () => {
          const bytes = await readFileBytes({ db: deps.db, files: deps.files ?? configuredFileStore() }, fileId);
          if (!bytes) throw new PermanentSendFailure(`the file "${file.name}" is no longer stored`);
          return bytes;
        },
      };
    }),
    authorKind: message.author_kind === 'operator' ? 'operator' : message.author_kind === 'bot' ? 'bot' : 'system',
  };
  if (!channelCapabilities[channelRow.kind].attachments && outbound.attachments?.length) {
    outbound.text = [outbound.text, ...outbound.attachments.map((file) => `${file.name}: ${file.url}`)].filter(Boolean).join('\n');
    outbound.attachments = [];
  }

  try {
    const sendable = loaded.connector.capabilities.buttons ? outbound : withChoicesAsText(outbound, (await findLine(deps.db, dialog.line_id))?.settings.rating.externalRequestText ?? '');
    const sent = await loaded.connector.send(loaded.channel, sendable, { db: deps.db, fetch: deps.channels.fetch ?? fetch });
    await markMessageSent(deps.db, messageId, sent);
    if (channelRow.last_error !== null) await setChannelError(deps.db, channelRow.id, null);
  } catch (error) {
    if (error instanceof PermanentSendFailure) return fail(deps, messageId, error.message);
    await setChannelError(deps.db, channelRow.id, `Sending failed, retrying: ${error instanceof Error ? error.message : String(error)}`);
    throw error;
  }
}

/** Marks the message failed for the operator to see, and throws for the caller. */
async function fail(deps: SendDeps, messageId: number, reason: string): Promise<never> {
  await markMessageFailed(deps.db, messageId, reason);
  throw new PermanentSendFailure(reason);
}

/** The last retry failed: the message is shown as failed with the last error (its text is kept). */
export async function giveUpSending(db: Database, messageId: number, error: unknown): Promise<void> {
  await markMessageFailed(db, messageId, `not delivered after repeated attempts: ${error instanceof Error ? error.message : String(error)}`);
}
