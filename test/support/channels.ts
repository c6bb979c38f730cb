import { randomUUID } from 'node:crypto';
import { settingsForms } from '../../channels/settings-forms';
import { storedSettings } from '../../channels/settings-storage';
import type { Database } from '../../db/client';
import type { ChannelKind } from '../../domain/channels';
import { TEST_SECRET } from './env';

/**
 * A channel of a real kind on a line, its settings validated by the kind's form and its secrets
 * encrypted as the admin service stores them (for tests that do not go through the admin).
 */
export async function createConnectedChannel(
  db: Database,
  { lineId, kind, settings, name, key }: { lineId: number; kind: ChannelKind; settings: Record<string, unknown>; name?: string; key?: string },
): Promise<{ id: number; key: string }> {
  const form = settingsForms[kind];
  if (!form) throw new Error(`channel kind "${kind}" has no settings form registered in channels/settings-forms.ts`);
  const parsed = form.schema.parse(settings) as Record<string, unknown>;
  const { config, secrets } = storedSettings(form, parsed, TEST_SECRET);
  const channelKey = key ?? `${kind}-${randomUUID().slice(0, 8)}`;
  const row = await db
    .insertInto('channels')
    .values({ line_id: lineId, kind, key: channelKey, name: name ?? `${kind} channel`, config: JSON.stringify(config), secrets })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, key: channelKey };
}
