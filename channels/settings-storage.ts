import type { ChannelSettingsForm } from './settings-form';
import { decryptSecrets, encryptSecrets } from './secrets';

/**
 * A channel's settings as stored: public fields in `channels.config`, secret fields encrypted in
 * `channels.secrets`. The admin service writes with `storedSettings`, every reader joins with
 * `settingsFromStorage`, so the split is written once.
 */
export function storedSettings(
  form: Pick<ChannelSettingsForm, 'secretFields'>,
  settings: Record<string, unknown>,
  appSecret: string,
): { config: Record<string, unknown>; secrets: string | null } {
  const config: Record<string, unknown> = {};
  const secrets: Record<string, string> = {};
  for (const [name, value] of Object.entries(settings)) {
    if (form.secretFields.includes(name)) {
      if (typeof value === 'string' && value !== '') secrets[name] = value;
    } else {
      config[name] = value;
    }
  }
  return { config, secrets: Object.keys(secrets).length > 0 ? encryptSecrets(appSecret, secrets) : null };
}

export function settingsFromStorage(config: unknown, secrets: string | null, appSecret: string): Record<string, unknown> {
  const publicPart = typeof config === 'object' && config !== null ? (config as Record<string, unknown>) : {};
  return { ...publicPart, ...(secrets ? decryptSecrets(appSecret, secrets) : {}) };
}
