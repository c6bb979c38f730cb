import type { z } from 'zod';
import type { ChannelKind } from '../domain/channels';

/**
 * A channel kind's settings as the admin fills them in. Client-safe (zod only): the admin's form
 * is drawn from `fields`, and the server validates with the same `schema`, so an error names the
 * field the admin sees (`settings.botToken: …`). Each kind keeps this in channels/<kind>/settings.ts.
 */
export interface ChannelSettingsForm<Settings = unknown> {
  kind: ChannelKind;
  schema: z.ZodType<Settings>;
  fields: readonly SettingsField[];
  /** Encrypted at rest and never shown again in full; left blank on edit, the stored value stays. */
  secretFields: readonly string[];
}

export interface SettingsField {
  name: string;
  label: string;
  type: 'text' | 'secret' | 'url' | 'email' | 'number' | 'boolean' | 'select' | 'textarea';
  help?: string;
  required?: boolean;
  options?: readonly { value: string; label: string }[];
}
