import { afterAll, beforeAll } from 'vitest';
import type { ConnectedChannel, SendContext, WebhookRequest } from '../../channels/connector';
import { customSettingsSchema, type CustomSettings } from '../../channels/custom/settings';
import { createDb, type Database } from '../../db/client';
import { createTestDatabase, type TestDatabase } from './db';
import { startFakeConnector, type FakeConnector } from './fake-connector';
import { startedBy } from './started';

const PUBLIC_URL = 'http://127.0.0.1:3999';

export interface ConnectorChannelUnderTest {
  readonly fake: FakeConnector;
  readonly channel: ConnectedChannel<CustomSettings>;
  readonly context: SendContext;
  /** A delivery to the channel's webhook URL as the route hands it to the connector. */
  webhookRequest(body: string, signature: string | null, method?: string): WebhookRequest;
}

/**
 * A custom connector channel, as the product hands it to its connector, whose webhook URL is a
 * fake outside system on 127.0.0.1 (and a database of its own for the send context): registers
 * the hooks that start and stop them; read the fields inside tests.
 */
export function useConnectorChannel({ secret, key }: { secret: string; key: string }): ConnectorChannelUnderTest {
  let testDb: TestDatabase | undefined;
  let db: Database | undefined;
  let fake: FakeConnector | undefined;
  beforeAll(async () => {
    testDb = await createTestDatabase();
    db = createDb(testDb.url, { max: 2 });
    fake = await startFakeConnector(secret);
  });
  afterAll(async () => {
    await fake?.close();
    await db?.destroy();
    await testDb?.destroy();
  });
  const started = startedBy('useConnectorChannel()');
  return {
    get fake() {
      return started(fake);
    },
    get channel() {
      const settings = customSettingsSchema.parse({ webhookUrl: started(fake).url, signingSecret: secret });
      return { id: 7, lineId: 1, key, name: `Connector ${key}`, settings, publicUrl: PUBLIC_URL };
    },
    get context() {
      return { db: started(db), fetch };
    },
    webhookRequest(body, signature, method = 'POST') {
      const headers = new Headers({ 'content-type': 'application/json' });
      if (signature !== null) headers.set('X-Openlines-Signature', signature);
      return { method, url: new URL(`${PUBLIC_URL}/api/channels/${key}/webhook`), headers, rawBody: new TextEncoder().encode(body) };
    },
  };
}
