import { randomUUID } from 'node:crypto';
import { lineSettingsSchema, type LineSettingsInput } from '../../domain/line-settings';
import type { Role } from '../../domain/roles';
import type { Database } from '../../db/client';
import { insertLine, replaceQueue } from '../../db/queries/lines';
import { createUserWithPassword } from '../../db/seed';

export const TEST_PASSWORD = 'correct-horse-battery';

export async function createUser(db: Database, role: Role = 'manager', name?: string): Promise<{ id: string; email: string; name: string }> {
  const tag = randomUUID().slice(0, 8);
  const user = { email: `${role}-${tag}@test.local`, name: name ?? `${role} ${tag}`, role, password: TEST_PASSWORD };
  const id = await createUserWithPassword(db, user);
  return { id, email: user.email, name: user.name };
}

/** A line with a widget channel and the given operators queued in order. */
export async function createLine(
  db: Database,
  options: { operators?: string[]; settings?: LineSettingsInput; name?: string } = {},
): Promise<{ lineId: number; channelId: number; channelKey: string }> {
  const lineId = await insertLine(db, options.name ?? 'Test line', lineSettingsSchema.parse(options.settings ?? {}));
  await replaceQueue(db, lineId, options.operators ?? []);
  const channelKey = `widget-${randomUUID().slice(0, 8)}`;
  const channel = await db
    .insertInto('channels')
    .values({ line_id: lineId, kind: 'widget', key: channelKey, name: 'Test widget', config: '{}' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { lineId, channelId: channel.id, channelKey };
}
