import { appSecret, type AppConfig } from '../../../../domain/config';

let warned = false;

/** The secret that visitor tokens are derived from; throws a message naming the variable in production. */
export function resolveWidgetSecret(config: Pick<AppConfig, 'NODE_ENV' | 'OPENLINES_SECRET'>): string {
  if (config.OPENLINES_SECRET) return config.OPENLINES_SECRET;
  const secret = appSecret(config, 'signs website widget visitor tokens');
  if (!warned) {
    warned = true;
    console.warn('OPENLINES_SECRET is not set: widget visitor tokens are signed with a development-only secret');
  }
  return secret;
}
