import { signedFilePath } from '../../../../channels/file-links';
import { messageExtrasSchema, type MessageExtras } from '../../../../domain/channels';
import { ratingValueSchema, type DialogStatus, type RatingValue } from '../../../../domain/dialog';
import { defaultLineSettings, operatorNameForClient, type OperatorDisplaySettings } from '../../../../domain/line-settings';
import type { Database } from '../../../../db/client';
import { findLine } from '../../../../db/queries/lines';
import {
  findLatestRatingRequest,
  findQueuePosition,
  listRecentDialogsOfContact,
  listRecentWaitSeconds,
  listVisibleMessagesOfDialogs,
  type VisibleMessageRow,
} from '../../../../db/queries/widget';
import { estimateWait, RECENT_WAITS_SAMPLE } from './queue-estimate';
import type { WidgetDialogState, WidgetHistory, WidgetMessage, WidgetQueueState } from './schemas';

/** Enough to pick up a conversation after a refresh, without shipping years of chat to a phone. */
export const HISTORY_DIALOG_LIMIT = 10;
export const HISTORY_MESSAGE_LIMIT = 500;

/** How the line shows its operators to clients (SPEC §3), read fresh so a change applies to the next message. */
export async function loadOperatorDisplay(db: Database, lineId: number): Promise<OperatorDisplaySettings> {
  return (await findLine(db, lineId))?.settings.operatorDisplay ?? defaultLineSettings().operatorDisplay;
}

/** Visitors have no session: stored files reach them as signed, expiring links made fresh on each read. */
function withSignedFileLinks(extras: MessageExtras, secret: string): MessageExtras {
  if (!extras.attachments?.length) return extras;
  const attachments = extras.attachments.map((file) => (file.fileId === undefined ? file : { ...file, url: signedFilePath(secret, file.fileId) }));
  return { ...extras, attachments };
}

/** `secret`: OPENLINES_SECRET, which signs the links to the message's files. */
export function toWidgetMessage(row: VisibleMessageRow, operatorDisplay: OperatorDisplaySettings, secret: string): WidgetMessage {
  const extras = messageExtrasSchema.safeParse(row.extras);
  return {
    id: row.id,
    dialogId: row.dialog_id,
    authorKind: row.author_kind,
    authorName: row.author_kind === 'operator' ? operatorNameForClient(operatorDisplay, row.author_name) : null,
    text: row.text,
    extras: extras.success ? withSignedFileLinks(extras.data, secret) : {},
    createdAt: row.created_at.toISOString(),
    clientMessageId: row.author_kind === 'client' ? row.external_id : null,
  };
}

/** The stored rating ("like", "dislike" or "1".."5") back as a RatingValue. */
function parseStoredRating(stored: string | null): RatingValue | null {
  if (stored === null) return null;
  const parsed = ratingValueSchema.safeParse(/^\d+$/.test(stored) ? Number(stored) : stored);
  return parsed.success ? parsed.data : null;
}

/** The dialog's queue position and estimated wait; null unless it is queued. */
export async function loadQueueState(db: Database, dialog: { id: number; line_id: number }): Promise<WidgetQueueState | null> {
  const position = await findQueuePosition(db, dialog.id);
  if (position === null) return null;
  const recentWaitsSeconds = await listRecentWaitSeconds(db, dialog.line_id, RECENT_WAITS_SAMPLE);
  return { position, estimatedMinutes: estimateWait({ position, recentWaitsSeconds }).minutes };
}

export async function loadDialogState(
  db: Database,
  dialog: { id: number; line_id: number; status: DialogStatus; rating: string | null },
  now = new Date(),
): Promise<WidgetDialogState> {
  const rating = parseStoredRating(dialog.rating);
  const request = await findLatestRatingRequest(db, dialog.id);
  const scale = request ? (messageExtrasSchema.safeParse(request.extras).data?.ratingRequest?.scale ?? null) : null;
  let ratingPending = false;
  if (request && rating === null) {
    // The dialog workflow stops waiting for a rating after the line's time limit.
    const line = await findLine(db, dialog.line_id);
    const limitMs = (line?.settings.rating.timeLimitMinutes ?? 0) * 60_000;
    ratingPending = request.created_at.getTime() + limitMs > now.getTime();
  }
  return {
    dialogId: dialog.id,
    status: dialog.status,
    ratingRequested: request !== undefined,
    rated: rating !== null,
    rating,
    ratingScale: scale,
    ratingPending,
    queue: dialog.status === 'queued' ? await loadQueueState(db, dialog) : null,
  };
}

export async function loadVisitorHistory(
  db: Database,
  lineId: number,
  contactId: number | undefined,
  secret: string,
): Promise<WidgetHistory> {
  if (contactId === undefined) return { messages: [], dialog: null };
  const dialogs = await listRecentDialogsOfContact(db, lineId, contactId, HISTORY_DIALOG_LIMIT);
  const current = dialogs.at(-1);
  if (!current) return { messages: [], dialog: null };
  // State first: a rating request it reports has committed, so the messages read next include it.
  const dialog = await loadDialogState(db, { ...current, line_id: lineId });
  const rows = await listVisibleMessagesOfDialogs(
    db,
    dialogs.map((d) => d.id),
    HISTORY_MESSAGE_LIMIT,
  );
  const operatorDisplay = await loadOperatorDisplay(db, lineId);
  return { messages: rows.map((row) => toWidgetMessage(row, operatorDisplay, secret)), dialog };
}
