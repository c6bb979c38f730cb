import { z } from 'zod';
import type { ChannelSettingsForm } from '../settings-form';

const apiBaseUrlSchema = z
  .url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://graph.facebook.com/v21.0' })
  .default('https://graph.facebook.com/v21.0')
  .transform((url) => url.replace(/\/+$/, ''));

export const whatsappSettingsSchema = z.object({
  phoneNumberId: z
    .string()
    .trim()
    .regex(/^\d{5,30}$/, 'is the numeric "Phone number ID" from WhatsApp Manager → API Setup (not the phone number itself)'),
  accessToken: z.string().trim().min(20, 'is too short for an access token: use a System User token with whatsapp_business_messaging'),
  appSecret: z.string().trim().min(16, 'is the App secret from App Dashboard → Settings → Basic (32 hexadecimal characters)'),
  verifyToken: z.string().trim().min(8, 'must be at least 8 characters: any text you also type into the webhook form in the App Dashboard'),
  apiBaseUrl: apiBaseUrlSchema,
  /** Sent instead of a reply once the 24-hour window is closed; blank: such replies fail with a reason. */
  templateName: z
    .string()
    .trim()
    .regex(/^[a-z0-9_]*$/, 'is a template name as Meta spells it: lowercase letters, digits and _ (e.g. follow_up)')
    .max(512)
    .default(''),
  templateLanguage: z
    .string()
    .trim()
    .regex(/^[a-z]{2,3}(_[A-Z]{2})?$/, 'is a language code as in WhatsApp Manager, e.g. en, en_US or pt_BR')
    .default('en_US'),
  /** Upload works behind any firewall; a link needs PUBLIC_URL reachable from Meta's servers. */
  sendMediaBy: z.enum(['upload', 'link']).default('upload'),
});
export type WhatsappSettings = z.infer<typeof whatsappSettingsSchema>;

export const whatsappSettingsForm: ChannelSettingsForm<WhatsappSettings> = {
  kind: 'whatsapp',
  schema: whatsappSettingsSchema,
  secretFields: ['accessToken', 'appSecret', 'verifyToken'],
  fields: [
    { name: 'phoneNumberId', label: 'Phone number ID', type: 'text', required: true, help: 'WhatsApp Manager → API Setup: the ID of the business phone number (digits only).' },
    { name: 'accessToken', label: 'Access token', type: 'secret', required: true, help: 'A permanent System User token with the whatsapp_business_messaging permission.' },
    { name: 'appSecret', label: 'App secret', type: 'secret', required: true, help: 'App Dashboard → Settings → Basic. Every webhook delivery is checked against it (X-Hub-Signature-256).' },
    {
      name: 'verifyToken',
      label: 'Webhook verify token',
      type: 'secret',
      required: true,
      help: 'Any text of your choice; type the same into "Verify token" when you set this channel’s webhook URL in the App Dashboard, and subscribe to the "messages" field.',
    },
    {
      name: 'templateName',
      label: 'Template for closed reply windows',
      type: 'text',
      help: 'An approved template without parameters. WhatsApp allows free replies only within 24 hours of the client’s last message; after that the inbox offers to send this template instead.',
    },
    { name: 'templateLanguage', label: 'Template language', type: 'text', help: 'The template’s language code, e.g. en_US.' },
    {
      name: 'sendMediaBy',
      label: 'Send files by',
      type: 'select',
      options: [
        { value: 'upload', label: 'Uploading them to WhatsApp (works without a public URL)' },
        { value: 'link', label: 'A signed link WhatsApp fetches (PUBLIC_URL must be reachable from the internet)' },
      ],
    },
    { name: 'apiBaseUrl', label: 'Graph API base URL', type: 'url', help: 'https://graph.facebook.com/v21.0 unless you go through a proxy.' },
  ],
};

/**
 * The template a closed reply window offers, read from a channel's stored (non-secret) settings;
 * null when none is set. The inbox names it on the "Send template" button and in the stored message.
 */
export function replyWindowTemplateOf(config: unknown): { name: string; language: string } | null {
  const parsed = whatsappSettingsSchema.pick({ templateName: true, templateLanguage: true }).safeParse(config ?? {});
  return parsed.success && parsed.data.templateName ? { name: parsed.data.templateName, language: parsed.data.templateLanguage } : null;
}
