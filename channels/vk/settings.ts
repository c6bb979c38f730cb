import { z } from 'zod';
import type { ChannelSettingsForm } from '../settings-form';

export const vkSettingsSchema = z.object({
  groupId: z.coerce
    .number({ error: 'is the community’s numeric id (Manage → Settings → API usage → Callback API shows it as group_id)' })
    .int('is a whole number')
    .positive('is the community’s numeric id, without a minus sign'),
  accessToken: z.string().trim().min(20, 'is too short for a community access token: create one under Manage → API usage → Access tokens, with the messages and photos/docs rights'),
  secretKey: z
    .string()
    .trim()
    .min(8, 'must be at least 8 characters: the "Secret key" you set in the Callback API settings')
    .max(50, 'must be at most 50 characters (VK’s limit for the secret key)')
    .regex(/^[A-Za-z0-9]+$/, 'may contain only Latin letters and digits (VK’s rule for the secret key)'),
  confirmationCode: z.string().trim().min(1, 'is the "string to be returned" shown in the Callback API settings, e.g. 5b7d2e1f'),
  apiBaseUrl: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://api.vk.com/method' })
    .default('https://api.vk.com/method')
    .transform((url) => url.replace(/\/+$/, '')),
  apiVersion: z
    .string()
    .trim()
    .regex(/^5\.\d+$/, 'is a VK API version such as 5.199')
    .default('5.199'),
});
export type VkSettings = z.infer<typeof vkSettingsSchema>;

export const vkSettingsForm: ChannelSettingsForm<VkSettings> = {
  kind: 'vk',
  schema: vkSettingsSchema,
  secretFields: ['accessToken', 'secretKey'],
  fields: [
    { name: 'groupId', label: 'Community id', type: 'number', required: true, help: 'The group_id shown in Manage → API usage → Callback API.' },
    { name: 'accessToken', label: 'Community access token', type: 'secret', required: true, help: 'Manage → API usage → Access tokens; allow community messages, photos and files.' },
    {
      name: 'confirmationCode',
      label: 'Confirmation code',
      type: 'text',
      required: true,
      help: 'Callback API → "String to be returned". VK checks this channel’s webhook URL by asking for it.',
    },
    {
      name: 'secretKey',
      label: 'Secret key',
      type: 'secret',
      required: true,
      help: 'Type the same into Callback API → Secret key; events without it are refused. Turn on the "Incoming message" event type.',
    },
    { name: 'apiVersion', label: 'API version', type: 'text', help: 'Set the same version in the Callback API settings (5.199 unless you need another).' },
    { name: 'apiBaseUrl', label: 'API base URL', type: 'url', help: 'https://api.vk.com/method unless you go through a proxy.' },
  ],
};
