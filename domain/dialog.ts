import { z } from 'zod';
import { englishErrorText } from './error-messages';

/** SPEC §4: the statuses a dialog moves through. */
export const dialogStatusSchema = z.enum([
  'bot',
  'queued',
  'offered',
  'in_work',
  'waiting_client',
  'closed',
]);
export type DialogStatus = z.infer<typeof dialogStatusSchema>;

export const closeReasonSchema = z.enum([
  'operator',
  'auto_close',
  'expired',
  'spam',
  'rating',
  'line_deleted',
]);
export type CloseReason = z.infer<typeof closeReasonSchema>;

export const authorKindSchema = z.enum(['client', 'operator', 'bot', 'system']);
export type AuthorKind = z.infer<typeof authorKindSchema>;

export const likeDislikeSchema = z.enum(['like', 'dislike']);
export const ratingValueSchema = z.union([likeDislikeSchema, z.number().int().min(1).max(5)]);
export type RatingValue = z.infer<typeof ratingValueSchema>;

/**
 * What `ratingValueSchema` accepts, as a plain check for the dialog workflow, which never runs zod
 * (its sandbox shares these modules frozen; see workflows/preload.ts).
 */
export function isRatingValue(value: unknown): value is RatingValue {
  return value === 'like' || value === 'dislike' || (typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 5);
}

export const statusLabels: Record<DialogStatus, string> = {
  bot: 'With bot',
  queued: 'Waiting in queue',
  offered: 'Offered',
  in_work: 'Client waits for answer',
  waiting_client: 'Waiting for client',
  closed: 'Closed',
};

export const MAX_MESSAGE_LENGTH = 4000;

/** A message's text, which may be empty where files carry the message (see `lacksContent`). */
export const messageBodySchema = z
  .string()
  .trim()
  .max(MAX_MESSAGE_LENGTH, englishErrorText('dialog.messageTooLong', { max: String(MAX_MESSAGE_LENGTH) }))
  // PostgreSQL's text cannot hold it: refused here, before a workflow would retry storing it forever.
  .refine((text) => !text.includes('\u0000'), englishErrorText('field.noNullCharacter'));

/** What a channel delivers may carry the null character, which means nothing in a chat: it is dropped, not the message. */
export function withoutNullCharacters(text: string): string {
  return text.replaceAll('\u0000', '');
}

export const messageTextSchema = messageBodySchema.min(1, englishErrorText('field.notEmpty'));

/** A message needs words or files: an empty text is allowed only with at least one attached file. */
export function lacksContent(text: string, attachmentCount: number): boolean {
  return text.trim().length === 0 && attachmentCount === 0;
}

export const EMPTY_MESSAGE = englishErrorText('field.emptyMessage');

export function dialogWorkflowId(dialogId: number): string {
  return `dialog-${dialogId}`;
}
