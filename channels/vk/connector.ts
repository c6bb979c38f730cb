import { channelCapabilities } from '../../domain/channels';
import { WebhookRejected, type Connector } from '../connector';
import { callVk } from './api';
import { sendVkMessage } from './send';
import { vkSettingsForm, type VkSettings } from './settings';
import { readCallback } from './webhook';

/** A VK community's messages: the Callback API in, the VK API out. */
export const vkConnector: Connector<VkSettings> = {
  kind: 'vk',
  settings: vkSettingsForm,
  capabilities: channelCapabilities.vk,

  handleWebhook(channel, request, context) {
    if (request.method !== 'POST') throw new WebhookRejected(400, 'VK’s Callback API sends POST requests only');
    // Files are fetched before VK hears "ok": a failed download makes VK deliver the event again.
    return readCallback(channel.settings, request, context.fetch);
  },

  send: sendVkMessage,

  async checkConnection(channel, context) {
    try {
      const answer = await callVk<{ groups?: Array<{ name?: string }> } | Array<{ name?: string }>>(
        context.fetch,
        channel.settings,
        'groups.getById',
        { group_id: channel.settings.groupId },
        context.signal,
      );
      // 5.199 answers { groups: [...] }; versions before 5.139 a bare array.
      const group = Array.isArray(answer) ? answer[0] : answer.groups?.[0];
      return { ok: true, detail: `VK community ${group?.name ?? channel.settings.groupId}` };
    } catch (error) {
      return { ok: false, error: error instanceof Error ? error.message : String(error) };
    }
  },
};
