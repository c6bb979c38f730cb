import type { ChannelKind } from '../../domain/channels';
import type { OutboundAdapter } from './outbound';
import { widgetOutbound } from './widget';

/** Channel kinds that can send today. A kind without an adapter fails delivery with a clear error. */
export const outboundAdapters: Partial<Record<ChannelKind, OutboundAdapter>> = {
  widget: widgetOutbound,
};
