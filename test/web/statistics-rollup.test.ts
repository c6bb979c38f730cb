import { sql, type Selectable } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { Database } from '../../db/client';
import { foldPendingStatistics } from '../../db/queries/statistics';
import type { DialogStatsDailyTable } from '../../db/types';
import { backfillDialogStatsDaily } from '../../db/migrations/20261206020000_statistics_rollup';
import { backfillDialogStatsMonthly } from '../../db/migrations/20261206020100_statistics_monthly';
import { rollupRatingValues, timeBucket, timeBucketEdges } from '../../domain/statistics';
import { createLine, createUser } from '../support/fixtures';
import { useApiDatabase } from './helpers';

/**
 * The daily roll-up (dialog_stats_daily) is folded in from the changes of dialog_stats rows. After
 * every kind of change — new dialogs a minute either side of midnight and of both DST changes in
 * Berlin, first answers, further answers, closing, reopening, rating changes, reassignment, a move
 * to another line, leads, KPI violations, deletion — it must equal a recomputation from
 * dialog_stats done here, independently, with the domain's bucket rule.
 */
const shared = useApiDatabase();
const scopes = ['full', 'line', 'operator', 'all'] as const;

type RollupRow = Omit<Selectable<DialogStatsDailyTable>, 'local_day'> & { day: string };

async function recomputed(db: Database): Promise<RollupRow[]> {
  const stats = await db.selectFrom('dialog_stats').selectAll().select(sql<string>`to_char(local_day, 'YYYY-MM-DD')`.as('day')).execute();
  const rows = new Map<string, RollupRow>();
  const size = timeBucketEdges.length;
  for (const s of stats) {
    for (const scope of scopes) {
      const byLine = scope === 'full' || scope === 'line';
      const byOperator = scope === 'full' || scope === 'operator';
      const key = { scope, day: s.day, line_id: byLine ? s.line_id : 0, channel_id: byLine ? s.channel_id : 0, operator_id: byOperator ? (s.operator_id ?? '') : '' };
      const id = JSON.stringify(key);
      const row =
        rows.get(id) ??
        ({ ...key, dialogs: 0, missed: 0, rated: 0, ratings: rollupRatingValues.map(() => 0), supervisor_rated: 0, supervisor_sum: 0, leads: 0, kpi_violations: 0, hours: Array<number>(24).fill(0), times: Array<number>(3 * size).fill(0) } satisfies RollupRow);
      rows.set(id, row);
      row.dialogs += 1;
      row.missed += s.missed ? 1 : 0;
      if (s.rating !== null) {
        row.rated += 1;
        const position = rollupRatingValues.indexOf(s.rating as (typeof rollupRatingValues)[number]);
        if (position >= 0) row.ratings[position]! += 1;
      }
      if (s.supervisor_rating !== null) {
        row.supervisor_rated += 1;
        row.supervisor_sum += s.supervisor_rating;
      }
      row.leads += s.became_lead ? 1 : 0;
      row.kpi_violations += s.kpi_violations;
      row.hours[s.local_hour]! += 1;
      if (s.first_answer_seconds !== null) row.times[timeBucket(s.first_answer_seconds)]! += 1;
      if (s.further_answer_count > 0) row.times[size + timeBucket(Number(s.further_answer_seconds) / s.further_answer_count)]! += 1;
      if (s.resolution_seconds !== null) row.times[2 * size + timeBucket(s.resolution_seconds)]! += 1;
    }
  }
  // Stored sparse: position × 2^20 + count for each bucket with dialogs.
  return [...rows.values()].map((row) => ({ ...row, times: row.times.flatMap((n, i) => (n === 0 ? [] : [(i + 1) * 1048576 + n])) })).sort(byKey);
}

const byKey = (a: RollupRow, b: RollupRow) => JSON.stringify([a.scope, a.day, a.line_id, a.channel_id, a.operator_id]).localeCompare(JSON.stringify([b.scope, b.day, b.line_id, b.channel_id, b.operator_id]));

async function expectRollupMatches(db: Database) {
  await foldPendingStatistics(db);
  expect(await db.selectFrom('dialog_stats_pending').select('id').execute()).toEqual([]);
  const stored = await db
    .selectFrom('dialog_stats_daily')
    .select(['scope', sql<string>`to_char(local_day, 'YYYY-MM-DD')`.as('day'), 'line_id', 'channel_id', 'operator_id', 'dialogs', 'missed', 'rated', 'ratings', 'supervisor_rated', 'supervisor_sum', 'leads', 'kpi_violations', 'hours', 'times'])
    .execute();
  const days = await recomputed(db);
  expect(stored.sort(byKey)).toEqual(days);
  await expectMonthsMatch(db, days);
}

/** The month rows (dialog_stats_monthly) equal the recomputed day rows summed per local month (no hours). */
async function expectMonthsMatch(db: Database, days: RollupRow[]) {
  const months = new Map<string, Omit<RollupRow, 'hours'> & { times: number[] }>();
  const size = 3 * timeBucketEdges.length;
  for (const { hours: _hours, ...day } of days) {
    const key = { ...day, day: `${day.day.slice(0, 7)}-01` };
    const id = JSON.stringify([key.scope, key.day, key.line_id, key.channel_id, key.operator_id]);
    const dense = Array<number>(size).fill(0);
    for (const e of day.times) dense[Math.floor(e / 1048576) - 1]! += e % 1048576;
    const month = months.get(id);
    if (!month) months.set(id, { ...key, ratings: [...key.ratings], times: dense });
    else {
      for (const field of ['dialogs', 'missed', 'rated', 'supervisor_rated', 'supervisor_sum', 'leads', 'kpi_violations'] as const) month[field] += day[field];
      month.ratings = month.ratings.map((n, i) => n + day.ratings[i]!);
      month.times = month.times.map((n, i) => n + dense[i]!);
    }
  }
  const expected = [...months.values()].map((row) => ({ ...row, times: row.times.flatMap((n, i) => (n === 0 ? [] : [(i + 1) * 1048576 + n])) }));
  const stored = await db
    .selectFrom('dialog_stats_monthly')
    .select(['scope', sql<string>`to_char(local_month, 'YYYY-MM-DD')`.as('day'), 'line_id', 'channel_id', 'operator_id', 'dialogs', 'missed', 'rated', 'ratings', 'supervisor_rated', 'supervisor_sum', 'leads', 'kpi_violations', 'times'])
    .execute();
  const byMonthKey = (a: (typeof stored)[number], b: (typeof stored)[number]) => byKey({ ...a, hours: [] }, { ...b, hours: [] });
  expect(stored.sort(byMonthKey)).toEqual(expected.sort(byMonthKey));
}

describe('statistics daily roll-up', () => {
  it('holds the same bucket edges as the domain rule', async () => {
    const { edges } = await sql<{ edges: number[] }>`select statistics_time_edges() as edges`.execute(shared.deps.db).then((r) => r.rows[0]!);
    expect(edges).toEqual(timeBucketEdges);
  });

  it('equals a recomputation from dialog_stats after inserts, updates, reassignment, reopening and deletes, across midnight and DST', async () => {
    const db = shared.deps.db;
    const anna = await createUser(db, 'manager', 'Anna');
    const boris = await createUser(db, 'manager', 'Boris');
    const berlin = await createLine(db, { name: 'Berlin', operators: [anna.id, boris.id], settings: { workingHours: { timeZone: 'Europe/Berlin' } } });
    const london = await createLine(db, { name: 'London', operators: [boris.id], settings: { workingHours: { timeZone: 'UTC' } } });
    const contact = await db.insertInto('contacts').values({ name: 'Client' }).returning('id').executeTakeFirstOrThrow();
    const dialog = async (line: { lineId: number; channelId: number }, createdAt: string, operatorId: string | null = null) => {
      // One open dialog per contact: each dialog its own client.
      const contact = await db.insertInto('contacts').values({ name: 'Client' }).returning('id').executeTakeFirstOrThrow();
      return (
        await db
          .insertInto('dialogs')
          .values({ line_id: line.lineId, channel_id: line.channelId, contact_id: contact.id, status: 'queued', operator_id: operatorId, created_at: new Date(createdAt) })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    };
    const plus = (iso: string, seconds: number) => new Date(new Date(iso).getTime() + seconds * 1000);

    // 23:59 and 00:01 in Berlin, the spring-forward night (03:30 summer time) and the autumn
    // change's two 02:30s; one on the UTC line the same instant as Berlin's 00:01.
    const beforeMidnight = await dialog(berlin, '2026-03-28T22:59:00Z', anna.id);
    const afterMidnight = await dialog(berlin, '2026-03-28T23:01:00Z', anna.id);
    const spring = await dialog(berlin, '2026-03-29T01:30:00Z', boris.id);
    const autumnFirst = await dialog(berlin, '2026-10-25T00:30:00Z');
    const autumnSecond = await dialog(berlin, '2026-10-25T01:30:00Z', boris.id);
    const london1 = await dialog(london, '2026-03-28T23:01:00Z', boris.id);
    // 23:59 on 31 March and 00:01 on 1 April in Berlin (summer time): either side of a month's end.
    const monthEnd = await dialog(berlin, '2026-03-31T21:59:00Z', anna.id);
    await dialog(berlin, '2026-03-31T22:01:00Z', anna.id);
    await expectRollupMatches(db);
    const days = await db.selectFrom('dialog_stats_daily').select(sql<string>`to_char(local_day, 'YYYY-MM-DD')`.as('day')).where('scope', '=', 'all').orderBy('local_day').execute();
    expect(days.map((d) => d.day)).toEqual(['2026-03-28', '2026-03-29', '2026-03-31', '2026-04-01', '2026-10-25']);
    const months = await db.selectFrom('dialog_stats_monthly').select([sql<string>`to_char(local_month, 'YYYY-MM-DD')`.as('month'), 'dialogs']).where('scope', '=', 'all').orderBy('local_month').execute();
    expect(months).toEqual([{ month: '2026-03-01', dialogs: 5 }, { month: '2026-04-01', dialogs: 1 }, { month: '2026-10-01', dialogs: 2 }]);

    // First answers, then a closing with a rating, a changed rating and a supervisor's rating.
    await db.updateTable('dialogs').set({ status: 'in_work', first_answer_at: plus('2026-03-28T22:59:00Z', 45) }).where('id', '=', beforeMidnight).execute();
    await db.updateTable('dialogs').set({ status: 'in_work', first_answer_at: plus('2026-03-28T23:01:00Z', 300) }).where('id', '=', afterMidnight).execute();
    await db.updateTable('dialogs').set({ status: 'closed', close_reason: 'operator', closed_at: plus('2026-03-28T22:59:00Z', 900), rating: '5' }).where('id', '=', beforeMidnight).execute();
    await expectRollupMatches(db);
    await db.updateTable('dialogs').set({ rating: 'dislike', supervisor_rating: 3 }).where('id', '=', beforeMidnight).execute();
    await expectRollupMatches(db);

    // Reopening takes the resolution time away; reassignment and a move to another line move the dialog's figures.
    await db.updateTable('dialogs').set({ status: 'in_work', closed_at: null }).where('id', '=', beforeMidnight).execute();
    await db.updateTable('dialogs').set({ operator_id: boris.id }).where('id', '=', afterMidnight).execute();
    await db.updateTable('dialogs').set({ line_id: london.lineId, channel_id: london.channelId, missed: true }).where('id', '=', autumnFirst).execute();
    await expectRollupMatches(db);

    // Further answers (client, then the operator's reply), a lead and a KPI violation.
    const message = (dialogId: number, author: 'client' | 'operator', at: Date, operatorId?: string) =>
      db.insertInto('messages').values({ dialog_id: dialogId, channel_id: berlin.channelId, author_kind: author, author_user_id: operatorId ?? null, text: 'hi', created_at: at }).execute();
    await message(spring, 'client', new Date('2026-03-29T01:30:00Z'));
    await message(spring, 'operator', new Date('2026-03-29T01:31:00Z'), boris.id);
    await message(spring, 'client', new Date('2026-03-29T01:40:00Z'));
    await message(spring, 'operator', new Date('2026-03-29T01:47:00Z'), boris.id);
    await db.insertInto('leads').values({ contact_id: contact.id, dialog_id: autumnSecond, line_id: berlin.lineId, title: 'Lead' }).execute();
    await db.insertInto('kpi_violations').values({ dialog_id: spring, line_id: berlin.lineId, operator_id: boris.id, kind: 'first_answer', limit_minutes: 1, waiting_since: new Date('2026-03-29T01:30:00Z') }).execute();
    await expectRollupMatches(db);
    const springRow = await db.selectFrom('dialog_stats_daily').select(['times', 'kpi_violations']).where('scope', '=', 'full').where('operator_id', '=', boris.id).where('line_id', '=', berlin.lineId).where(sql<boolean>`local_day = '2026-03-29'`).executeTakeFirstOrThrow();
    expect(springRow.kpi_violations).toBe(1);
    expect(springRow.times).toContain((timeBucketEdges.length + timeBucket(420) + 1) * 1048576 + 1); // the one further answer: 7 minutes

    // Deleting dialogs takes them out; a day left with none has no rows.
    await db.deleteFrom('dialogs').where('id', '=', london1).execute();
    await db.deleteFrom('dialogs').where('id', '=', monthEnd).execute();
    await db.deleteFrom('messages').where('dialog_id', '=', spring).execute();
    await db.deleteFrom('kpi_violations').where('dialog_id', '=', spring).execute();
    await db.deleteFrom('dialogs').where('id', '=', spring).execute();
    await expectRollupMatches(db);
    const zero = await db.selectFrom('dialog_stats_daily').select('scope').where('dialogs', '=', 0).execute();
    expect(zero).toEqual([]);

    // The migration's set-based backfill writes the same rows as the trigger kept.
    await db.deleteFrom('dialog_stats_daily').execute();
    expect(await db.selectFrom('dialog_stats_monthly').select('scope').execute()).toEqual([]);
    await backfillDialogStatsDaily(db);
    await expectRollupMatches(db);
    // And the month migration's backfill the same month rows.
    await db.deleteFrom('dialog_stats_monthly').execute();
    await backfillDialogStatsMonthly(db);
    await expectRollupMatches(db);
  });

  it("never makes one dialog's answer wait for another's: a dialog's open transaction holds no row another dialog of the same day needs", async () => {
    const db = shared.deps.db;
    const anna = await createUser(db, 'manager', 'Anna');
    const boris = await createUser(db, 'manager', 'Boris');
    const line = await createLine(db, { operators: [anna.id, boris.id] });
    const dialogs: number[] = [];
    for (const operatorId of [anna.id, boris.id, anna.id, boris.id]) {
      const contact = await db.insertInto('contacts').values({ name: 'Client' }).returning('id').executeTakeFirstOrThrow();
      const dialog = await db
        .insertInto('dialogs')
        .values({ line_id: line.lineId, channel_id: line.channelId, contact_id: contact.id, status: 'in_work', operator_id: operatorId, created_at: new Date('2026-05-04T10:00:00Z') })
        .returning('id')
        .executeTakeFirstOrThrow();
      dialogs.push(dialog.id);
    }
    await foldPendingStatistics(db);

    // Anna's first answer stays uncommitted while Boris answers and a dialog moves from Anna to
    // Boris and another back: on the same day, line and scopes, none of them may have to wait.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let answered!: () => void;
    const annaAnswered = new Promise<void>((resolve) => (answered = resolve));
    const annaTransaction = db.transaction().execute(async (trx) => {
      await trx.updateTable('dialogs').set({ first_answer_at: new Date('2026-05-04T10:01:00Z') }).where('id', '=', dialogs[0]!).execute();
      answered();
      await held;
    });
    await annaAnswered;
    try {
      await db.transaction().execute(async (trx) => {
        await sql`set local lock_timeout = '2s'`.execute(trx);
        await trx.updateTable('dialogs').set({ first_answer_at: new Date('2026-05-04T10:02:00Z') }).where('id', '=', dialogs[1]!).execute();
        await trx.updateTable('dialogs').set({ operator_id: boris.id }).where('id', '=', dialogs[2]!).execute();
        await trx.updateTable('dialogs').set({ operator_id: anna.id }).where('id', '=', dialogs[3]!).execute();
      });
    } finally {
      release();
      await annaTransaction;
    }
    await expectRollupMatches(db);

    // Many dialogs changing at once, operators swapped in both directions: all commit, none deadlocks.
    const swaps = await Promise.allSettled(
      Array.from({ length: 24 }, (_, i) =>
        db.transaction().execute(async (trx) => {
          const [first, second] = i % 2 === 0 ? [dialogs[0]!, dialogs[1]!] : [dialogs[3]!, dialogs[2]!];
          await trx.updateTable('dialogs').set({ operator_id: i % 4 < 2 ? boris.id : anna.id }).where('id', '=', first).execute();
          await trx.updateTable('dialogs').set({ first_answer_at: new Date(Date.parse('2026-05-04T10:00:00Z') + (i + 1) * 7_000) }).where('id', '=', second).execute();
        }),
      ),
    );
    expect(swaps.filter((swap) => swap.status === 'rejected')).toEqual([]);
    await expectRollupMatches(db);
  });
});
