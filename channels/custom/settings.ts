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
  // The admin types the secret (it is shown masked afterwards, so the other system must get it from them).
  signingSecret: z
    .string()
    .trim()
    .min(MIN_SIGNING_SECRET_LENGTH, `must be at least ${MIN_SIGNING_SECRET_LENGTH} characters: generate one (e.g. openssl rand -hex 32) and give the same value to your system`),
});
export type CustomSettings = z.output<typeof customSettingsSchema>;

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
      required: true,
      help: 'Shared with your system: it signs what it sends (X-Openlines-Signature) and checks what it receives. At least 32 characters, e.g. from openssl rand -hex 32.',
    },
  ],
  secretFields: ['signingSecret'],
};
