import type { Transaction } from 'kysely';
import { DEFAULT_MAX_OPEN_DIALOGS_PER_OPERATOR } from '../domain/config';
import { inboundMessageSchema, type ChannelKind, type InboundMessage, type MessageExtras, type ParsedInboundMessage } from '../domain/channels';
import { mayReopen } from '../domain/dialog-lifecycle/reopen';
import { goesStraightToQueue } from '../domain/routing/straight-to-queue';
import { dispatchLine, tellUnpickedOffers } from '../engine/dispatch-line';
import { AppError } from '../domain/errors';
import { filePath } from '../domain/files';
import type { DialogWorkflowInput } from '../domain/messages';
import type { Database } from '../db/client';
import { asWorkThatCanWait } from '../db/work-first-pool';
import { findChannel } from '../db/queries/channels';
import { findOrCreateContactByIdentity, lineLooksUpContacts, type IdentifiedContact } from '../db/queries/contacts';
import {
  dialogUpdatedEvent,
  findDialog,
  findLatestClosedDialogForUpdate,
  findLatestDialogId,
  insertDialog,
  reopenDialog,
} from '../db/queries/dialogs';
import { pickUpOffer, putRoutingRequestIfAbsent } from '../db/queries/dispatch';
import { findLine } from '../db/queries/lines';
import type { Channel, DB } from '../db/types';
import { notifyLive } from '../db/queries/live';
import { findMessageByExternalId, findThreadedClosedDialogForUpdate, insertClientMessage, insertSignalledClientMessage } from '../db/queries/messages';
import { insertFile } from '../db/queries/files';
import { configuredFileStore, type FileStore } from '../storage/file-store';
import { discardStagedFiles, stageFileBytes } from '../storage/stored-files';
import { deliverDialogMessages, type OutboxDeliveryDeps } from '../worker/inbound-outbox';

/** What the process receiving a message counts (the web server's Prometheus registry; none in a poller or test). */
export interface InboundMetrics {
  countInboundMessage(channelKind: ChannelKind): void;
  timeSignalWithStart<T>(signal: () => Promise<T>): Promise<T>;
}

/**
 * The database, the Temporal client the message is handed over with (see worker/inbound-outbox.ts),
 * metrics, and where files' bytes go (default: the store the configuration names).
 */
export type InboundDeps = OutboxDeliveryDeps & {
  /** The ceiling the line's dispatcher respects when it offers a new dialog at once: MAX_OPEN_DIALOGS_PER_OPERATOR, its default when absent. */
  maxOpenDialogsPerOperator?: number;
  metrics?: InboundMetrics;
  files?: FileStore;
};

export interface InboundResult {
  dialogId: number;
  messageId: number;
  contactId: number;
  channelKind: ChannelKind;
  /** True when the channel re-delivered a message that was already stored. */
  duplicate: boolean;
  /**
   * How the message found its dialog: SPEC §4 rule 1 and the reopen window; a blocked contact's is
   * only stored; a re-delivered one is the message stored before (its dialog as it was filed).
   */
  route: 'open' | 'new' | 'reopened' | 'blocked' | 'duplicate';
}

export interface InboundOptions {
  /**
   * Called inside the storing transaction just before a new dialog is created; what it throws
   * rolls everything back (contact included), so a refused new dialog leaves nothing behind.
   * Channels use it for per-client limits on new dialogs. It gets the transaction so a counter it
   * writes commits with the dialog (and it needs no second pool connection while locks are held).
   */
  admitNewDialog?: (trx: Transaction<DB>) => Promise<void>;
  /**
   * What the message says it answers (e-mail: the ids in In-Reply-To/References, the "[#D123]"
   * token): with no open dialog, the sender's closed dialog it answers is the one the reopen
   * window is checked against, rather than their latest.
   */
  thread?: { threadKeys: readonly string[]; dialogId?: number };
  /**
   * The message's channel as the caller has just read it (the widget's request finds it by its
   * key): not read again. Without it, the channel is read by the message's `channelId`.
   */
  channel?: InboundChannel;
}

/** What the inbound path uses of a channel. */
export type InboundChannel = Pick<Channel, 'id' | 'line_id' | 'kind'>;

/**
 * The one path by which a client message enters the system, whatever the channel (SPEC §4 rule 1):
 * store it once (keyed by the channel's message id) in the client's open dialog on the line or a
 * new one, together with its pending signal (the inbound outbox), then hand it to that dialog's
 * workflow with signal-with-start. The message and its signal commit together, so neither a crash
 * nor an unreachable Temporal loses it: what is not delivered now, the worker's outbox sweeper
 * delivers later (worker/outbox-sweeper.ts), and the workflow ignores ids it has already seen.
 * A re-delivered message changes and signals nothing: its first delivery owns its signal.
 */
export async function receiveInboundMessage(deps: InboundDeps, input: InboundMessage, options: InboundOptions = {}): Promise<InboundResult> {
  const message = inboundMessageSchema.parse(input);
  const { lineId, offerOnArrival, ...stored } = await storeWithFiles(deps.db, () => deps.files ?? configuredFileStore(), message, options);
  deps.metrics?.countInboundMessage(stored.channelKind);
  if (stored.route === 'blocked' || stored.route === 'duplicate') return stored;
  // Under a burst, behind the storing of the arrivals that asked for a connection before it (asWorkThatCanWait).
  const handOver = () => asWorkThatCanWait(() => deliverDialogMessages(deps, stored.dialogId));
  const offering = offerOnArrival ? offerNewDialog(deps, stored.dialogId, lineId) : undefined;
  try {
    await (deps.metrics ? deps.metrics.timeSignalWithStart(handOver) : handOver());
  } catch (error) {
    // The message and its signal are stored: the sweeper delivers it. The sender hears "accepted".
    console.error(`inbound: message ${stored.messageId} of dialog ${stored.dialogId} left to the outbox sweeper`, error);
  }
  await offering;
  return stored;
}

/**
 * A new dialog that goes straight to the queue is offered now, by its line's dispatcher, rather
 * than once its workflow's first task has run and asked (seconds under a burst): the operator's
 * inbox shows the offer within the request. It runs alongside the message's hand-over, not after
 * it, so a burst's first offers do not wait for Temporal to start every workflow of the burst: an
 * operator who acts before the hand-over has started the workflow has it handed over first
 * (handOverPendingMessages, web/server/services/dialogs.ts). The workflow gets the offer as the
 * answer when it first asks, so it is not told (`awaiting`, and the request is settled). A failure
 * is logged: the workflow's own ask offers it.
 */
export async function offerNewDialog(deps: InboundDeps, dialogId: number, lineId: number): Promise<void> {
  try {
    const maxOpenDialogsPerOperator = deps.maxOpenDialogsPerOperator ?? DEFAULT_MAX_OPEN_DIALOGS_PER_OPERATOR;
    const dispatchDeps = { ...deps, maxOpenDialogsPerOperator };
    const requestedAt = await putRoutingRequestIfAbsent(deps.db, { dialogId, lineId, mode: null, passedBy: [] });
    const offered = await dispatchLine(dispatchDeps, lineId, { awaiting: dialogId });
    const settled = requestedAt !== undefined && (await pickUpOffer(deps.db, dialogId, requestedAt));
    // Unless this request was the one settled, its workflow asked too and may have heard "wait":
    // its own request stands, and it is told.
    if (offered.includes(dialogId) && !settled) await tellUnpickedOffers(dispatchDeps, [dialogId]);
  } catch (error) {
    console.error(`inbound: dialog ${dialogId} left for its workflow to offer`, error);
  }
}

/** What the storing transaction did, with what the steps after its commit need. */
type StoredInbound = InboundResult & {
  lineId: number;
  /** A new dialog of a line that sends it straight to the queue: offered at once (offerNewDialog). */
  offerOnArrival?: boolean;
};

/** A message's file as stored before its transaction: the bytes already in the file store under `storageKey`. */
type StagedFile = { name: string; mimeType: string; size: number; storageKey: string };

/**
 * Files' bytes go to the store before the transaction (no slow I/O while dialog rows are locked);
 * what the transaction did not record (a re-delivery, a refusal, an error) is removed again.
 * `fileStore` is asked for only when there are files: it reads the configuration, which is not
 * free on every message.
 */
async function storeWithFiles(db: Database, fileStore: () => FileStore, message: ParsedInboundMessage, options: InboundOptions): Promise<StoredInbound> {
  const staged: StagedFile[] = [];
  const attachments = message.attachments ?? [];
  const files = attachments.length > 0 ? fileStore() : undefined;
  const discardStaged = () => (files ? discardStagedFiles(files, staged.map((file) => file.storageKey)) : undefined);
  try {
    if (files) {
      for (const file of attachments) staged.push({ name: file.name, mimeType: file.mimeType, size: file.data.byteLength, storageKey: await stageFileBytes(files, file.data) });
    }
    // Under a burst, the connections go to earlier messages' offers first.
    const stored = await asWorkThatCanWait(() => storeInbound(db, message, staged, options));
    if (stored.duplicate) await discardStaged();
    // Read after the commit, not before it: the message's live event goes out at the commit.
    const line = stored.route === 'new' ? await findLine(db, stored.lineId) : undefined;
    return { ...stored, offerOnArrival: line !== undefined && goesStraightToQueue(line.settings) };
  } catch (error) {
    await discardStaged();
    throw error;
  }
}

async function storeInbound(db: Database, message: ParsedInboundMessage, files: readonly StagedFile[], options: InboundOptions, attempt = 1): Promise<StoredInbound> {
  try {
    return await db.transaction().execute(async (trx) => {
      const channel = await messageChannel(trx, message, options.channel);
      // A known client's open dialog on the line is found and held with them (SPEC §4 rule 1).
      const contact = await findOrCreateContactByIdentity(trx, channel.id, message.sender.externalId, message.sender, {
        matchByDetails: () => lineLooksUpContacts(trx, channel.line_id),
        holdOpenDialogOn: channel.line_id,
      });
      const contactId = contact.id;
      // SPEC §4 rule 7 comes first: a blocked contact's message is only stored, whatever it repeats.
      if (contact.blocked) {
        const latest = await findLatestDialogId(trx, channel.line_id, contactId);
        if (latest !== undefined) {
          const blocked = await storeBlockedMessage(trx, { channelId: channel.id, dialogId: latest, contactId, message, files });
          return { ...blocked, channelKind: channel.kind, lineId: channel.line_id };
        }
      }

      const open = contact.openDialogId;
      // Where the message goes into a new contact's dialog or an open one, a first try skips the look-up
      // of a re-delivery: its insert conflicts on the channel's message id, and the retry looks (a
      // contact this message created cannot have sent it, and another sender's message under the id
      // conflicts alike). Before a dialog is opened or reopened for it, it looks first.
      const already = attempt === 1 && (contact.created || open !== undefined) ? undefined : await findSendersStoredMessage(trx, channel.id, message.externalMessageId, contactId);
      if (already) {
        return { dialogId: already.dialog_id, messageId: already.id, contactId, channelKind: channel.kind, duplicate: true, route: 'duplicate' as const, lineId: channel.line_id };
      }

      const { dialogId, route } = open !== undefined ? { dialogId: open, route: 'open' as const } : await chooseDialog(trx, channel, contact, options);
      // Used only if no run is going: a reopened dialog's workflow may have finished after its close.
      const workflowInput: DialogWorkflowInput = { dialogId, ...(route === 'reopened' ? { resume: { reason: 'reopened' as const } } : {}) };
      // The reopened dialog's event goes out before its message's (which the insert sends); a retry rolls both back.
      if (route === 'reopened') await notifyLive(trx, await dialogUpdatedEvent(trx, dialogId));
      const values = await clientMessageValues(trx, { dialogId, channelId: channel.id, message, files });
      const messageId = await insertSignalledClientMessage(trx, values, workflowInput, { lineId: channel.line_id, contactId });
      if (messageId === undefined) throw new RetryInbound();
      return { dialogId, messageId, contactId, channelKind: channel.kind, duplicate: false, route, lineId: channel.line_id };
    });
  } catch (error) {
    // A concurrent delivery of the same message, or a concurrent first message opening the same
    // contact or dialog, won the race (or PostgreSQL broke a deadlock between such first messages
    // by failing this one): the retry sees the winner's committed rows.
    if ((error instanceof RetryInbound || isRetryableConflict(error)) && attempt < 5) return storeInbound(db, message, files, options, attempt + 1);
    throw error;
  }
}

/** The channel the message came through: the caller's copy when it matches, else read; 404 naming `channelId` when there is none. */
async function messageChannel(trx: Transaction<DB>, message: ParsedInboundMessage, known: InboundChannel | undefined): Promise<InboundChannel> {
  if (known?.id === message.channelId) return known;
  const channel = await findChannel(trx, message.channelId);
  if (!channel) throw new AppError('NOT_FOUND', `channelId: channel ${message.channelId} does not exist`, 'channelId');
  return channel;
}

/** A blocked contact's message, filed under their latest dialog, which stays as it is: no signal, no live event. */
async function storeBlockedMessage(
  trx: Transaction<DB>,
  { channelId, dialogId, contactId, message, files }: { channelId: number; dialogId: number; contactId: number; message: ParsedInboundMessage; files: readonly StagedFile[] },
): Promise<Omit<InboundResult, 'channelKind'>> {
  const already = await findSendersStoredMessage(trx, channelId, message.externalMessageId, contactId);
  if (already) return { dialogId: already.dialog_id, messageId: already.id, contactId, duplicate: true, route: 'blocked' };
  const messageId = await insertClientMessage(trx, await clientMessageValues(trx, { dialogId, channelId, message, files }));
  if (messageId === undefined) throw new RetryInbound();
  return { dialogId, messageId, contactId, duplicate: false, route: 'blocked' };
}

/** The message's row: its files recorded with the dialog (in the same transaction) and listed in its extras. */
async function clientMessageValues(
  trx: Transaction<DB>,
  { dialogId, channelId, message, files }: { dialogId: number; channelId: number; message: ParsedInboundMessage; files: readonly StagedFile[] },
) {
  const attachments: NonNullable<MessageExtras['attachments']> = [];
  for (const file of files) {
    const fileId = await insertFile(trx, { dialogId, ...file });
    attachments.push({ fileId, name: file.name, mimeType: file.mimeType, size: file.size, url: filePath(fileId) });
  }
  return {
    dialogId,
    channelId,
    externalId: message.externalMessageId,
    text: message.text,
    threadKeys: message.threadKeys,
    ...(attachments.length > 0 ? { extras: { attachments } } : {}),
  };
}

/**
 * The message this sender already stored under this channel message id. The same id from another
 * sender is refused, not treated as a re-delivery: answering with the stored message would hand
 * out someone else's dialog id (a widget's ids are random UUIDs, so only a forged or buggy client
 * collides; a messenger's ids are unique per channel).
 */
async function findSendersStoredMessage(trx: Transaction<DB>, channelId: number, externalMessageId: string, contactId: number) {
  const stored = await findMessageByExternalId(trx, channelId, externalMessageId);
  if (!stored) return undefined;
  const dialog = await findDialog(trx, stored.dialog_id);
  if (dialog?.contact_id !== contactId) {
    throw new AppError('CONFLICT', 'clientMessageId: this message id is already in use; send the message with a new id', 'clientMessageId');
  }
  return stored;
}

/**
 * The dialog of a client message whose contact has no open dialog on the line (SPEC §4 rule 1):
 * inside the line's reopen window, their last closed dialog, reopened with the same operator; else
 * a new one (at once for a contact this message created).
 */
async function chooseDialog(
  trx: Transaction<DB>,
  channel: { id: number; line_id: number },
  contact: IdentifiedContact,
  options: InboundOptions,
): Promise<{ dialogId: number; route: 'new' | 'reopened' }> {
  const contactId = contact.id;
  const newDialog = async () => {
    await options.admitNewDialog?.(trx);
    return { dialogId: await insertDialog(trx, { lineId: channel.line_id, channelId: channel.id, contactId }), route: 'new' as const };
  };
  if (contact.created) return newDialog();
  const threaded = options.thread && (await findThreadedClosedDialogForUpdate(trx, { lineId: channel.line_id, contactId, keys: options.thread.threadKeys, dialogId: options.thread.dialogId }));
  const closed = threaded || (await findLatestClosedDialogForUpdate(trx, channel.line_id, contactId));
  const line = closed && (await findLine(trx, channel.line_id));
  if (closed && line && mayReopen({ closeReason: closed.close_reason, closedAt: closed.closed_at }, line.settings.closing.reopenWindowMinutes, new Date())) {
    await reopenDialog(trx, closed.id);
    return { dialogId: closed.id, route: 'reopened' };
  }
  return newDialog();
}

class RetryInbound extends Error {}

/** unique_violation, deadlock_detected, serialization_failure: lost a race, worth another try. */
function isRetryableConflict(error: unknown): boolean {
  const code = typeof error === 'object' && error !== null ? (error as { code?: string }).code : undefined;
  return code === '23505' || code === '40P01' || code === '40001';
}
