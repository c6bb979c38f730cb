import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Database } from '../../db/client';
import { MAX_PREPARED_PER_CONNECTION, PREPARE_AFTER_RUNS } from '../../db/prepared-statements';
import { parseConfig } from '../../domain/config';
import { createTestDatabase, type TestDatabase } from '../support/db';

/**
 * Repeated statements are kept parsed on each connection (db/prepared-statements.ts). One
 * connection per pool here, so what a test asks of `pg_prepared_statements` is that connection's.
 */
describe('statements kept parsed on a connection', () => {
  let database: TestDatabase;
  let db: Database;
  beforeAll(async () => {
    database = await createTestDatabase();
    db = createDb(database.url, { max: 1 });
    await sql`create table probe (id int primary key, score int not null)`.execute(db);
    await sql`insert into probe select n, n * 10 from generate_series(1, 200) as n`.execute(db);
  });
  afterAll(async () => {
    await db.destroy();
    await database.destroy();
  });

  const preparedTexts = async (on: Database = db) =>
    (await sql<{ statement: string }>`select statement from pg_prepared_statements where not from_sql`.execute(on)).rows.map((row) => row.statement);
  const scoreOf = (id: number, on: Database = db) => on.selectFrom('probe' as never).select(sql<number>`score`.as('score')).where(sql.ref('id'), '=', id).executeTakeFirstOrThrow();

  it('prepares a text once it has run a few times, and answers the same', async () => {
    for (let run = 1; run < PREPARE_AFTER_RUNS; run++) expect(await scoreOf(run)).toEqual({ score: run * 10 });
    expect((await preparedTexts()).some((text) => text.includes('"probe"'))).toBe(false);
    expect(await scoreOf(7)).toEqual({ score: 70 });
    expect(await scoreOf(8)).toEqual({ score: 80 });
    expect((await preparedTexts()).filter((text) => text.includes('"probe"'))).toHaveLength(1);
  });

  it('never prepares a statement whose columns are *, nor one without parameters', async () => {
    for (let run = 0; run < PREPARE_AFTER_RUNS + 2; run++) {
      await db.selectFrom('probe' as never).selectAll().where(sql.ref('id'), '=', 1).execute();
      await sql`select count(*) from probe where score > 0`.execute(db);
    }
    const texts = await preparedTexts();
    expect(texts.some((text) => text.includes('select *'))).toBe(false);
    expect(texts.some((text) => text.includes('score > 0'))).toBe(false);
  });

  it('keeps at most its cap of statements on one connection, however many texts vary', async () => {
    const texts = MAX_PREPARED_PER_CONNECTION + 20;
    for (let run = 0; run < PREPARE_AFTER_RUNS; run++) {
      for (let n = 1; n <= texts; n++) {
        // A list of ids of every length: a text of its own each.
        const ids = Array.from({ length: n }, (_, i) => i + 1);
        const rows = await db.selectFrom('probe' as never).select(sql<number>`score`.as('score')).where(sql.ref('id'), 'in', ids).execute();
        expect(rows).toHaveLength(Math.min(n, 200));
      }
    }
    expect(await preparedTexts()).toHaveLength(MAX_PREPARED_PER_CONNECTION);
  });

  it('after a migration changes a prepared statement’s column, runs it unprepared instead of failing', async () => {
    const other = createDb(database.url, { max: 1 });
    try {
      for (let run = 0; run < PREPARE_AFTER_RUNS + 1; run++) await scoreOf(3, other);
      expect((await preparedTexts(other)).filter((text) => text.includes('"probe"'))).toHaveLength(1);
      // Another process migrates: the prepared statement's result column is now text.
      await sql`alter table probe alter column score type text using score::text`.execute(db);
      expect(await scoreOf(3, other)).toEqual({ score: '30' });
      // Inside a transaction the first run after the change fails it (as PostgreSQL refuses the
      // prepared form); the connection then runs the text unprepared.
      await sql`alter table probe alter column score type bigint using score::bigint`.execute(db);
      const other2 = createDb(database.url, { max: 1 });
      try {
        for (let run = 0; run < PREPARE_AFTER_RUNS + 1; run++) await scoreOf(4, other2);
        await sql`alter table probe alter column score type text using score::text`.execute(db);
        await expect(other2.transaction().execute((trx) => scoreOf(4, trx))).rejects.toThrow(/cached plan must not change result type/);
        expect(await other2.transaction().execute((trx) => scoreOf(4, trx))).toEqual({ score: '40' });
      } finally {
        await other2.destroy();
      }
    } finally {
      await other.destroy();
    }
  });

  it('prepares nothing when switched off (DATABASE_PREPARED_STATEMENTS=off), and names a bad value', async () => {
    expect(parseConfig({ DATABASE_PREPARED_STATEMENTS: 'off' }).DATABASE_PREPARED_STATEMENTS).toBe('off');
    expect(() => parseConfig({ DATABASE_PREPARED_STATEMENTS: 'no' })).toThrow('DATABASE_PREPARED_STATEMENTS: must be on or off');
    const unprepared = createDb(database.url, { max: 1, preparedStatements: false });
    try {
      for (let run = 0; run < PREPARE_AFTER_RUNS + 2; run++) expect(String((await scoreOf(5, unprepared)).score)).toBe('50');
      expect(await preparedTexts(unprepared)).toEqual([]);
    } finally {
      await unprepared.destroy();
    }
  });
});
