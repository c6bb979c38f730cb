import type { ChannelKind } from '../domain/channels';
import type { Connector } from './connector';
import { telegramConnector } from './telegram/connector';
import { emailConnector } from './email/connector';
import { customConnector } from './custom/connector';
import { vkConnector } from './vk/connector';
import { whatsappConnector } from './whatsapp/connector';

/**
 * Every channel kind's connector, by kind: adding a kind is one folder and one line here. The
 * website widget is served by the product itself (web/server/channels/widget), so it has none.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each kind has its own settings type
export const connectors: Partial<Record<ChannelKind, Connector<any>>> = {
  telegram: telegramConnector,
  email: emailConnector,
  custom: customConnector,
  whatsapp: whatsappConnector,
  vk: vkConnector,
};

export function connectorOf(kind: ChannelKind): Connector<unknown> | undefined {
  return connectors[kind];
}
