import { parseConfig, type AppConfig } from '../../domain/config';

/** Parsed once per process; a bad variable stops the server with a message naming it. */
export const config: AppConfig = parseConfig(process.env);

export function requireDatabaseUrl(): string {
  if (!config.DATABASE_URL) throw new Error('DATABASE_URL: must be set for the web server (npm start sets it for the embedded database)');
  return config.DATABASE_URL;
}

export function temporalAddress(): string {
  return config.TEMPORAL_ADDRESS ?? `127.0.0.1:${config.TEMPORAL_DEV_PORT}`;
}
