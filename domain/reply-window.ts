import { channelCapabilities, type ChannelKind } from './channels';
import { englishErrorText } from './error-messages';

/**
 * SPEC §5, messenger rules: some channels let the business write only within a time after the
 * client's last message (24 hours on WhatsApp and Meta's other channels). The inbox, the reply
 * service and the WhatsApp connector all ask this one rule whether a reply may go out now.
 */
export type ReplyWindow =
  /** The channel has no window: replies may go out at any time. */
  | { state: 'none' }
  | { state: 'open'; until: Date }
  /** `since` is when it closed; null when the client never wrote (nothing opened it). */
  | { state: 'closed'; since: Date | null };

const HOUR_MS = 60 * 60 * 1000;

export function replyWindowOf(kind: ChannelKind, lastClientMessageAt: Date | null, now: Date): ReplyWindow {
  const hours = channelCapabilities[kind].replyWindowHours;
  if (hours === null) return { state: 'none' };
  if (lastClientMessageAt === null) return { state: 'closed', since: null };
  const until = new Date(lastClientMessageAt.getTime() + hours * HOUR_MS);
  return until.getTime() > now.getTime() ? { state: 'open', until } : { state: 'closed', since: until };
}

/** "3 h 12 min", "12 min", "less than a minute": the time left shown above the reply box. */
export function formatTimeLeft(until: Date, now: Date): string {
  const minutes = Math.floor((until.getTime() - now.getTime()) / 60_000);
  if (minutes < 1) return 'less than a minute';
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return `${rest} min`;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}

/** Why a reply is refused outside the window, and what the operator can do instead. */
export function replyWindowClosedMessage(kind: ChannelKind): string {
  const hours = channelCapabilities[kind].replyWindowHours ?? 0;
  return englishErrorText('dialog.replyWindowClosed', { hours: String(hours) });
}
