import { z } from 'zod';

/** What an alert in a user's notification inbox is about (SPEC §5 "Notifications"). */
export const notificationKindSchema = z.enum(['kpi_alert']);
export type NotificationKind = z.infer<typeof notificationKindSchema>;

/**
 * Live events name at most this many recipients: PostgreSQL caps a NOTIFY payload at 8 kB, and a
 * line lists at most 50 alerted users besides the operator.
 */
export const MAX_LIVE_RECIPIENTS = 100;
