import type { ReplyButton } from '../domain/channels';
import type { OutboundMessage } from './connector';

/**
 * A message's buttons as channels with native buttons draw them: its own, or for the rating
 * request the answers whose titles the rating parser reads as typed answers ("Yes"/"No", "1"–"5"),
 * so a pressed button and a typed answer are the same inbound text.
 */
export function buttonsToDraw(message: Pick<OutboundMessage, 'buttons' | 'ratingRequest'>): ReplyButton[] {
  if (message.buttons?.length) return message.buttons;
  if (!message.ratingRequest) return [];
  if (message.ratingRequest.scale === 'like_dislike') return [{ id: 'yes', label: 'Yes' }, { id: 'no', label: 'No' }];
  return ['1', '2', '3', '4', '5'].map((value) => ({ id: value, label: value }));
}
