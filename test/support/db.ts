import { randomBytes, randomInt } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import './env';

export type TestDatabase = { url: string; destroy(): Promise<void> };

/**
 * A fresh, fully migrated database of its own for a test file: cloning the template that global
 * setup migrated once takes milliseconds, where running the migrations again would take seconds.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = inject('pgAdminUrl');
  const name = `test_${process.pid}_${randomBytes(4).toString('hex')}`;
  await withAdminClient(adminUrl, async (client) => {
    const template = client.escapeIdentifier(inject('templateDatabase'));
    await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)} TEMPLATE ${template}`);
  });
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  await giveDialogIdsOfTheirOwn(url.toString());
  let destroyed: Promise<void> | undefined;
  return {
    url: url.toString(),
    // FORCE ends connections a test forgot to close, which would otherwise block the drop.
    destroy: () =>
      (destroyed ??= withAdminClient(adminUrl, async (client) => {
        await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)} WITH (FORCE)`);
      })),
  };
}

async function withAdminClient(adminUrl: string, action: (client: pg.Client) => Promise<void>): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await action(client);
  } finally {
    await client.end();
  }
}

/**
 * Workflow ids are business ids (dialog-<id>, webhook-delivery-<id>-<round>) and every test file
 * shares one Temporal dev server: each database starts those ids far from the others', so their
 * workflows never collide (a delivery id another file already used would be refused as a duplicate
 * workflow, and never sent).
 */
async function giveDialogIdsOfTheirOwn(databaseUrl: string): Promise<void> {
  const start = 1 + randomInt(1, 2_000_000) * 1000;
  await withAdminClient(databaseUrl, async (client) => {
    await client.query(`ALTER SEQUENCE dialogs_id_seq RESTART WITH ${start}`);
    await client.query(`ALTER SEQUENCE webhook_deliveries_id_seq RESTART WITH ${start}`);
  });
}
