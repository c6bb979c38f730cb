import { z } from 'zod';
import type { ChannelSettingsForm } from '../settings-form';

/**
 * A custom connector (SPEC §7): any system that speaks the connector API
 * (docs/connector-api.openapi.yaml). Client-safe: zod only. The channel's name is the connector's
 * name; what is set here is where outbound messages go and the secret both sides sign with.
 */
export const MIN_SIGNING_SECRET_LENGTH = 32;

export const customSettingsSchema = z.object({
  webhookUrl: z
    .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL where your system receives messages, e.g. https://example.com/openlines' })
    .trim(),
  signingSecret: z
    .string()
    .trim()
    .default('')
    .refine((value) => value === '' || value.length >= MIN_SIGNING_SECRET_LENGTH, {
      error: `must be at least ${MIN_SIGNING_SECRET_LENGTH} characters (e.g. openssl rand -hex 32), or blank to have one generated`,
    })
    .transform((value) => value || generateSigningSecret()),
});
export type CustomSettings = z.output<typeof customSettingsSchema>;

/** 32 random bytes as hex; Web Crypto, so the admin's browser bundle can import this file. */
function generateSigningSecret(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(32));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

export const customSettingsForm: ChannelSettingsForm<CustomSettings> = {
  kind: 'custom',
  schema: customSettingsSchema as z.ZodType<CustomSettings>,
  fields: [
    {
      name: 'webhookUrl',
      label: 'Outbound webhook URL',
      type: 'url',
      required: true,
      help: 'Your system receives operators’ messages here, as signed JSON POSTs (see docs/connector-api.openapi.yaml).',
    },
    {
      name: 'signingSecret',
      label: 'Signing secret',
      type: 'secret',
      help: 'Shared with your system: it signs what it sends (X-Openlines-Signature) and checks what it receives. At least 32 characters; leave blank to have one generated.',
    },
  ],
  secretFields: ['signingSecret'],
};
