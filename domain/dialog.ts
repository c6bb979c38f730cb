import { z } from 'zod';

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

export const statusLabels: Record<DialogStatus, string> = {
  bot: 'With bot',
  queued: 'Waiting in queue',
  offered: 'Offered',
  in_work: 'Client waits for answer',
  waiting_client: 'Waiting for client',
  closed: 'Closed',
};

export function isOpen(status: DialogStatus): boolean {
  return status !== 'closed';
}

export const MAX_MESSAGE_LENGTH = 4000;

export const messageTextSchema = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(MAX_MESSAGE_LENGTH, `must be at most ${MAX_MESSAGE_LENGTH} characters; split a longer text into several messages`);

export function dialogWorkflowId(dialogId: number): string {
  return `dialog-${dialogId}`;
}

/** Closed dialogs a client message may reopen; spam, expired and deleted ones stay closed. */
export const REOPENABLE_CLOSE_REASONS = ['operator', 'auto_close', 'rating'] as const satisfies readonly CloseReason[];

/**
 * SPEC §3 closing: inside the line's reopen window (0 = never), a client message reopens the
 * closed dialog with the same operator instead of opening a new one.
 */
export function mayReopen(dialog: { closeReason: CloseReason | null; closedAt: Date | null }, windowMinutes: number, now: Date): boolean {
  if (windowMinutes <= 0 || dialog.closedAt === null || dialog.closeReason === null) return false;
  if (!(REOPENABLE_CLOSE_REASONS as readonly CloseReason[]).includes(dialog.closeReason)) return false;
  return now.getTime() - dialog.closedAt.getTime() <= windowMinutes * 60_000;
}
