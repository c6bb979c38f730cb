import { settingsForms } from '../../channels/settings-forms';
import { storedSettings } from '../../channels/settings-storage';
import type { Database } from '../../db/client';
import type { ChannelKind } from '../../domain/channels';
import { TEST_SECRET } from './env';
import { createChannel } from './fixtures';

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
  return createChannel(db, { lineId, kind, key, name: name ?? `${kind} channel`, config, secrets });
}
