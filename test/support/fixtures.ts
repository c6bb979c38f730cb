import { randomUUID } from 'node:crypto';
import { lineSettingsSchema, type LineSettingsInput } from '../../domain/line-settings';
import type { ChannelKind } from '../../domain/channels';
import type { Role } from '../../domain/roles';
import type { Database } from '../../db/client';
import { insertLine, replaceQueue } from '../../db/queries/lines';
import { upsertOperatorState } from '../../db/queries/availability';
import { createUserWithPassword } from '../../db/seed';

export const TEST_PASSWORD = 'correct-horse-battery';

/**
 * A user who, unless `atWork: false`, is online with the working day started: the state in which
 * an operator receives dialogs when a line checks availability (its default).
 */
export async function createUser(
  db: Database,
  role: Role = 'manager',
  name?: string,
  options: { atWork?: boolean } = {},
): Promise<{ id: string; email: string; name: string }> {
  const tag = randomUUID().slice(0, 8);
  const user = { email: `${role}-${tag}@test.local`, name: name ?? `${role} ${tag}`, role, password: TEST_PASSWORD };
  const id = await createUserWithPassword(db, user);
  if (options.atWork ?? true) await upsertOperatorState(db, id, { presence: 'online', workday: 'working' }, new Date());
  return { id, email: user.email, name: user.name };
}

/** A line with a widget channel and the given operators queued in order. */
export async function createLine(
  db: Database,
  options: { operators?: string[]; settings?: LineSettingsInput; name?: string } = {},
): Promise<{ lineId: number; channelId: number; channelKey: string }> {
  const lineId = await insertLine(db, options.name ?? 'Test line', lineSettingsSchema.parse(options.settings ?? {}));
  await replaceQueue(db, lineId, options.operators ?? []);
  const channel = await createChannel(db, { lineId, kind: 'widget', name: 'Test widget' });
  return { lineId, channelId: channel.id, channelKey: channel.key };
}

/**
 * A channel of `kind` on a line, stored as given (a random key unless `key`): for tests that need
 * a channel row, not a connected one (createConnectedChannel in ./channels validates its settings
 * and encrypts its secrets as the admin does, then stores them through this).
 */
export async function createChannel(
  db: Database,
  {
    lineId,
    kind,
    name,
    config = {},
    secrets = null,
    key,
  }: { lineId: number; kind: ChannelKind; name?: string; config?: Record<string, unknown>; secrets?: string | null; key?: string },
): Promise<{ id: number; key: string }> {
  const channelKey = key ?? `${kind}-${randomUUID().slice(0, 8)}`;
  const row = await db
    .insertInto('channels')
    .values({ line_id: lineId, kind, key: channelKey, name: name ?? `Test ${kind}`, config: JSON.stringify(config), secrets })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, key: channelKey };
}
