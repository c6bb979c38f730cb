import { randomBytes, randomUUID } from 'node:crypto';
import { hashPassword } from 'better-auth/crypto';
import { defaultLineSettings } from '../domain/line-settings';
import type { Role } from '../domain/roles';
import { createDb, type Database } from './client';
import { upsertOperatorState } from './queries/availability';
import { insertLine, replaceQueue } from './queries/lines';

export interface SeededUser {
  email: string;
  name: string;
  role: Role;
  password: string;
}

const demoUsers: Omit<SeededUser, 'password'>[] = [
  { email: 'admin@openlines.local', name: 'Alex Admin', role: 'admin' },
  { email: 'director@openlines.local', name: 'Dana Director', role: 'director' },
  { email: 'anna@openlines.local', name: 'Anna Operator', role: 'manager' },
  { email: 'boris@openlines.local', name: 'Boris Operator', role: 'manager' },
  { email: 'vera@openlines.local', name: 'Vera Operator', role: 'manager' },
];

export const DEMO_WIDGET_KEY = 'website';

/**
 * First-run demo: an admin, a director, three operators and a line "Website" with a widget
 * channel. Returns null when the database already has users (a second run keeps the data).
 */
export async function seedDemo(databaseUrl: string): Promise<null | { users: SeededUser[] }> {
  const db = createDb(databaseUrl, { max: 1 });
  try {
    const anyUser = await db.selectFrom('users').select('id').limit(1).executeTakeFirst();
    if (anyUser) return null;
    return await db.transaction().execute(async (trx) => {
      const users: SeededUser[] = [];
      const ids: string[] = [];
      for (const user of demoUsers) {
        const password = randomBytes(9).toString('base64url');
        ids.push(await createUserWithPassword(trx, { ...user, password }));
        users.push({ ...user, password });
      }
      const lineId = await insertLine(trx, 'Website', defaultLineSettings());
      const operatorIds = ids.slice(2);
      await replaceQueue(trx, lineId, operatorIds);
      // The demo works out of the box: its operators start online, with their working day begun.
      for (const id of operatorIds) await upsertOperatorState(trx, id, { presence: 'online', workday: 'working' }, new Date());
      await trx
        .insertInto('channels')
        .values({ line_id: lineId, kind: 'widget', key: DEMO_WIDGET_KEY, name: 'Website chat', config: JSON.stringify({ title: 'Chat with us' }) })
        .execute();
      return { users };
    });
  } finally {
    await db.destroy();
  }
}

/** Creates a user with an e-mail/password credential that better-auth signs in with. */
export async function createUserWithPassword(
  db: Database,
  user: { email: string; name: string; role: Role; password: string },
): Promise<string> {
  const id = randomUUID();
  await db.insertInto('users').values({ id, email: user.email.toLowerCase(), name: user.name, role: user.role, email_verified: true, image: null }).execute();
  await db
    .insertInto('accounts')
    .values({ id: randomUUID(), user_id: id, account_id: id, provider_id: 'credential', password: await hashPassword(user.password) })
    .execute();
  return id;
}
