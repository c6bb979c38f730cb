import { Migrator, type Migration, type MigrationProvider } from 'kysely';
import * as initial from './migrations/20261121000000_initial';
import * as operatorAvailability from './migrations/20261121010000_operator_availability';
import * as dialogsRecentAcceptanceIndex from './migrations/20261121020000_dialogs_recent_acceptance_index';
import { createDb } from './client';

/** Listed explicitly: bundlers and file globbing don't mix. Append new migrations here. */
const migrations: Record<string, Migration> = {
  '20261121000000_initial': initial,
  '20261121010000_operator_availability': operatorAvailability,
  '20261121020000_dialogs_recent_acceptance_index': dialogsRecentAcceptanceIndex,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

export async function migrateToLatest(databaseUrl: string): Promise<void> {
  const db = createDb(databaseUrl, { max: 1 });
  try {
    const { error, results } = await new Migrator({ db, provider }).migrateToLatest();
    for (const r of results ?? []) {
      if (r.status === 'Error') console.error(`migration ${r.migrationName} failed`);
    }
    if (error) throw error;
  } finally {
    await db.destroy();
  }
}

export async function migrateDown(databaseUrl: string): Promise<void> {
  const db = createDb(databaseUrl, { max: 1 });
  try {
    const { error } = await new Migrator({ db, provider }).migrateDown();
    if (error) throw error;
  } finally {
    await db.destroy();
  }
}
