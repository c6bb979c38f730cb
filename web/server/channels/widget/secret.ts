import type { AppConfig } from '../../../../domain/config';

/**
 * Development and tests run without configuring a secret; a production server must never sign
 * visitor tokens with a value that is public in this repository.
 */
const DEVELOPMENT_SECRET = 'openlines-development-only-secret-never-use-in-production';

let warned = false;

/** The secret that visitor tokens are derived from; throws a message naming the variable in production. */
export function resolveWidgetSecret(config: Pick<AppConfig, 'NODE_ENV' | 'OPENLINES_SECRET'>): string {
  if (config.OPENLINES_SECRET) return config.OPENLINES_SECRET;
  if (config.NODE_ENV === 'production') {
    throw new Error(
      'OPENLINES_SECRET: must be set in production (at least 32 characters, e.g. `openssl rand -hex 32`); it signs website widget visitor tokens',
    );
  }
  if (!warned) {
    warned = true;
    console.warn('OPENLINES_SECRET is not set: widget visitor tokens are signed with a development-only secret');
  }
  return DEVELOPMENT_SECRET;
}
