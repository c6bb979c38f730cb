import { channelCapabilities } from '../../domain/channels';
import type { Connector } from '../connector';
import { callGraph } from './graph-api';
import { sendWhatsappMessage } from './send';
import { whatsappSettingsForm, type WhatsappSettings } from './settings';
import { answerVerification, checkSignature, readDeliveries } from './webhook';

/** WhatsApp Business through Meta's Cloud API: a signed webhook in, the Graph API out. */
export const whatsappConnector: Connector<WhatsappSettings> = {
  kind: 'whatsapp',
  settings: whatsappSettingsForm,
  capabilities: channelCapabilities.whatsapp,

  async handleWebhook(channel, request, context) {
    if (request.method === 'GET') return answerVerification(channel.settings, request.url);
    checkSignature(channel.settings, request);
    // Media are fetched here, before Meta hears 200: a failed download is retried by Meta's redelivery.
    return readDeliveries(channel.settings, request.rawBody, context.fetch);
  },

  send: sendWhatsappMessage,

  async checkConnection(channel, context) {
    try {
      const phone = await callGraph<{ display_phone_number?: string; verified_name?: string }>(
        context.fetch,
        channel.settings,
        `${channel.settings.phoneNumberId}?fields=display_phone_number,verified_name`,
        { signal: context.signal },
      );
      return { ok: true, detail: `${phone.verified_name ?? 'WhatsApp number'} ${phone.display_phone_number ?? channel.settings.phoneNumberId}` };
    } catch (error) {
      return { ok: false, error: error instanceof Error ? error.message : String(error) };
    }
  },
};
