import type { ChannelKind } from '../../../domain/channels';
import { replyWindowOf } from '../../../domain/reply-window';
import { replyWindowTemplateOf } from '../../../channels/whatsapp/settings';

/** What the inbox shows of a dialog's reply window (domain/reply-window.ts), with the template a closed one offers. */
export type ReplyWindowView = { state: 'open'; until: Date } | { state: 'closed'; since: Date | null; template: { name: string; language: string } | null };

export function replyWindowOfDialog(dialog: { channel_kind: ChannelKind; channel_config: unknown; last_client_message_at: Date | null }, now = new Date()): ReplyWindowView | null {
  const window = replyWindowOf(dialog.channel_kind, dialog.last_client_message_at, now);
  if (window.state === 'none') return null;
  if (window.state === 'open') return window;
  return { ...window, template: dialog.channel_kind === 'whatsapp' ? replyWindowTemplateOf(dialog.channel_config) : null };
}
