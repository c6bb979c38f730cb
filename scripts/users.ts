import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parseConfig, publicUrl } from '../domain/config';
import { AppError } from '../domain/errors';
import { emailSchema, passwordSchema, userNameSchema, type PasswordSetup } from '../domain/staff';
import { createDb } from '../db/client';
import { migrateToLatest } from '../db/migrate';
import { findUserIdByEmail, updateUserAccess } from '../db/queries/users';
import { createAccount, resetAccountPassword } from '../web/server/services/staff-credentials';
import { embeddedPostgresUrl, startEmbeddedPostgres } from './embedded-postgres';

/**
 * `npm run users -- create-admin --email … --name … [--password …]`
 * `npm run users -- reset-password --email … [--password …]`
 * For a server where nobody can sign in. Without --password it prints a one-time link.
 */
const usage = `Usage:
  npm run users -- create-admin --email EMAIL --name NAME [--password PASSWORD]
  npm run users -- reset-password --email EMAIL [--password PASSWORD]
Without --password a one-time link is printed (valid 7 days) with which the user sets their own.
Uses DATABASE_URL, or the embedded PostgreSQL of \`npm start\` (started for the command if it is not running).`;

class UsageError extends Error {}

function field<T>(name: string, schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: { message: string }[] } } }, value: unknown): T {
  if (value === undefined) throw new UsageError(`--${name} is required`);
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new UsageError(`--${name}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return parsed.data;
}

async function withDatabase<T>(run: (databaseUrl: string) => Promise<T>): Promise<T> {
  const config = parseConfig(process.env);
  if (config.DATABASE_URL) return run(config.DATABASE_URL);
  const dataDir = resolve(import.meta.dirname, '..', config.DATA_DIR, 'postgres');
  const url = await embeddedPostgresUrl(dataDir, config.EMBEDDED_PG_PORT);
  if (!url) throw new UsageError(`no database: set DATABASE_URL, or run \`npm start\` once to create the embedded one in ${dataDir}`);
  const probe = createDb(url, { max: 1 });
  const running = await probe.selectFrom('users').select('id').limit(1).execute().then(() => true, () => false);
  await probe.destroy();
  if (running) return run(url);
  // npm start is not running: bring its database up for this command only.
  const postgres = await startEmbeddedPostgres({ dataDir, port: config.EMBEDDED_PG_PORT, persistent: true });
  try {
    return await run(postgres.url);
  } finally {
    await postgres.stop();
  }
}

async function main(argv: string[]): Promise<string> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { email: { type: 'string' }, name: { type: 'string' }, password: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  const [command, ...extra] = positionals;
  if (values.help) return usage;
  if (extra.length > 0) throw new UsageError(`unexpected argument: ${extra[0]}`);
  if (command !== 'create-admin' && command !== 'reset-password') throw new UsageError(command ? `unknown command: ${command}` : 'name a command');
  const email = field('email', emailSchema, values.email);
  const name = command === 'create-admin' ? field('name', userNameSchema, values.name) : null;
  const setup: PasswordSetup = values.password === undefined ? { kind: 'invitation' } : { kind: 'password', password: field('password', passwordSchema, values.password) };
  const config = parseConfig(process.env);

  return withDatabase(async (databaseUrl) => {
    await migrateToLatest(databaseUrl);
    const db = createDb(databaseUrl, { max: 2 });
    const deps = { db, publicUrl: publicUrl(config) };
    try {
      if (command === 'create-admin') {
        const { link } = await createAccount(deps, { email, name: name ?? email, role: 'admin', setup }, null);
        return link ? `Created admin ${email}. Send them this one-time link (valid until ${link.expiresAt.toISOString()}):\n${link.url}` : `Created admin ${email}. They can sign in with the password given.`;
      }
      const userId = await findUserIdByEmail(db, email);
      if (!userId) throw new UsageError(`--email: no user has the address ${email}`);
      const { link } = await resetAccountPassword(deps, userId, setup, null);
      // A locked-out owner resetting their own account needs it to work: an inactive one is reactivated.
      await updateUserAccess(db, userId, { active: true });
      return link
        ? `Password of ${email} removed and their sessions ended. One-time link to set a new one (valid until ${link.expiresAt.toISOString()}):\n${link.url}`
        : `Password of ${email} set and their sessions ended.`;
    } finally {
      await db.destroy();
    }
  });
}

try {
  console.log(await main(process.argv.slice(2)));
} catch (error) {
  if (error instanceof UsageError || error instanceof AppError) {
    console.error(`error: ${error.message}\n\n${usage}`);
    process.exit(2);
  }
  throw error;
}
