import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { migrateDown, migrateToLatest } from '../../db/migrate';
import { createTestDatabase, type TestDatabase } from '../support/db';

/**
 * An operator who rolls a release back runs the migrations' down steps: each must undo what its up
 * step did, so that going all the way down and up again gives the very schema the up steps give.
 */
let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => {
  await database?.destroy();
});

/** What the schema is made of, each part as PostgreSQL prints its definition. */
async function schemaOf(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const parts = {
      columns: `select table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || ' ' || coalesce(column_default, '') as d
                from information_schema.columns where table_schema = 'public'`,
      constraints: `select conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid) as d
                    from pg_constraint where connamespace = 'public'::regnamespace`,
      indexes: `select indexdef as d from pg_indexes where schemaname = 'public'`,
      triggers: `select pg_get_triggerdef(oid) as d from pg_trigger where not tgisinternal`,
      functions: `select case when prokind = 'a' then 'aggregate ' || oid::regprocedure::text else pg_get_functiondef(oid) end as d from pg_proc where pronamespace = 'public'::regnamespace`,
      types: `select t.typname || ' ' || string_agg(e.enumlabel, ',' order by e.enumsortorder) as d
              from pg_type t join pg_enum e on e.enumtypid = t.oid where t.typnamespace = 'public'::regnamespace group by t.typname`,
      views: `select viewname || ' ' || definition as d from pg_views where schemaname = 'public'`,
    };
    const schema = {} as Record<keyof typeof parts, string[]>;
    for (const [part, query] of Object.entries(parts) as [keyof typeof parts, string][]) {
      const { rows } = await client.query<{ d: string }>(query);
      schema[part] = rows.map((row) => row.d).sort();
    }
    return schema;
  } finally {
    await client.end();
  }
}

async function appliedMigrations(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: number }>('select count(*)::int as n from kysely_migration');
    return rows[0]!.n;
  } finally {
    await client.end();
  }
}

it('undoes every migration on the way down, leaving only the migrator’s own tables, and gives the same schema on the way up again', async () => {
  const migrated = await schemaOf(database.url);
  expect(migrated.columns.length).toBeGreaterThan(100);

  let applied = await appliedMigrations(database.url);
  expect(applied).toBeGreaterThan(20);
  const undone: string[] = [];
  while (applied > 0) {
    // One step back at a time, as `npm run migrate -- --down` goes, each naming what it undid.
    undone.push((await migrateDown(database.url))!);
    const left = await appliedMigrations(database.url);
    expect(left).toBe(applied - 1);
    applied = left;
  }
  expect(undone).toEqual([...undone].sort().reverse());
  expect(undone.at(-1)).toBe('20261121000000_initial');
  expect(await migrateDown(database.url)).toBeUndefined();
  const empty = await schemaOf(database.url);
  expect(new Set(empty.columns.map((column) => column.split('.')[0]))).toEqual(new Set(['kysely_migration', 'kysely_migration_lock']));
  expect({ triggers: empty.triggers, functions: empty.functions, types: empty.types, views: empty.views }).toEqual({ triggers: [], functions: [], types: [], views: [] });

  await migrateToLatest(database.url);
  expect(await schemaOf(database.url)).toEqual(migrated);
}, 120_000);
