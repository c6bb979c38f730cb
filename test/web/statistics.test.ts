import { describe, expect, it } from 'vitest';
import type { Database } from '../../db/client';
import { histogramErrorBound } from '../../domain/statistics';
import { handleStatisticsExport } from '../../web/server/http/statistics-export';
import { createLine, createUser } from '../support/fixtures';
import { apiAs, rejection, sessionUser, useApiDatabase } from './helpers';

/**
 * SPEC §8 statistics, checked against dialogs with known times: a Berlin line with dialogs a minute
 * either side of midnight and either side of the spring DST change, and a UTC line whose midnight
 * falls an hour later. Figures come from the summary rows the triggers keep as the rows are written.
 */
const shared = useApiDatabase();

/** A percentile read from the roll-up's histograms: within the width of the exact figure's bucket (rounded for CSV). */
function expectWithinBucket(actual: number | null, exact: number) {
  expect(actual).not.toBeNull();
  expect(Math.abs(actual! - exact)).toBeLessThanOrEqual(histogramErrorBound(exact) + 0.5);
}

const at = (iso: string, plusSeconds = 0) => new Date(new Date(iso).getTime() + plusSeconds * 1000);

async function dialogAt(
  db: Database,
  line: { lineId: number; channelId: number },
  createdAt: string,
  story: { operatorId?: string; firstAnswerAfter?: number; closedAfter?: number; rating?: string; supervisorRating?: number; missed?: boolean; lead?: boolean; kpi?: boolean; exchanges?: [number, 'client' | 'operator'][] } = {},
): Promise<number> {
  const contact = await db.insertInto('contacts').values({ name: 'Client' }).returning('id').executeTakeFirstOrThrow();
  const created = new Date(createdAt);
  const { id } = await db
    .insertInto('dialogs')
    .values({ line_id: line.lineId, channel_id: line.channelId, contact_id: contact.id, status: 'queued', operator_id: story.operatorId ?? null, created_at: created })
    .returning('id')
    .executeTakeFirstOrThrow();
  // As the app writes them: the client's first message, the operator's answers, then the dialog's changes.
  const message = (seconds: number, author: 'client' | 'operator') =>
    db.insertInto('messages').values({ dialog_id: id, channel_id: line.channelId, author_kind: author, author_user_id: author === 'operator' ? story.operatorId! : null, text: 'hi', created_at: at(createdAt, seconds) }).execute();
  await message(0, 'client');
  if (story.firstAnswerAfter !== undefined) {
    await message(story.firstAnswerAfter, 'operator');
    await db.updateTable('dialogs').set({ status: 'in_work', first_answer_at: at(createdAt, story.firstAnswerAfter) }).where('id', '=', id).execute();
  }
  for (const [seconds, author] of story.exchanges ?? []) await message(seconds, author);
  if (story.missed) await db.updateTable('dialogs').set({ missed: true }).where('id', '=', id).execute();
  if (story.closedAfter !== undefined) await db.updateTable('dialogs').set({ status: 'closed', close_reason: 'operator', closed_at: at(createdAt, story.closedAfter) }).where('id', '=', id).execute();
  if (story.rating) await db.updateTable('dialogs').set({ rating: story.rating, rated_at: at(createdAt, 2000) }).where('id', '=', id).execute();
  if (story.supervisorRating) await db.updateTable('dialogs').set({ supervisor_rating: story.supervisorRating }).where('id', '=', id).execute();
  if (story.lead) await db.insertInto('leads').values({ contact_id: contact.id, dialog_id: id, line_id: line.lineId, title: 'Lead' }).execute();
  if (story.kpi) {
    await db.insertInto('kpi_violations').values({ dialog_id: id, line_id: line.lineId, operator_id: story.operatorId ?? null, kind: 'first_answer', limit_minutes: 1, waiting_since: created }).execute();
  }
  return id;
}

async function scenario() {
  const db = shared.deps.db;
  const anna = await createUser(db, 'manager', 'Anna');
  const boris = await createUser(db, 'manager', 'Boris');
  const director = await createUser(db, 'director', 'Dana');
  const berlin = await createLine(db, { name: 'Berlin', operators: [anna.id, boris.id], settings: { workingHours: { timeZone: 'Europe/Berlin' } } });
  const utc = await createLine(db, { name: 'London', operators: [boris.id], settings: { workingHours: { timeZone: 'UTC' } } });
  // Sat 28 March 23:59 in Berlin (CET): counts on the 28th.
  await dialogAt(db, berlin, '2026-03-28T22:59:00Z', { operatorId: anna.id, firstAnswerAfter: 60, closedAfter: 600, rating: '5', lead: true });
  // Sun 29 March 00:01 in Berlin: on the 29th. Two further answers: 60 s and 120 s (from the first of two client messages).
  await dialogAt(db, berlin, '2026-03-28T23:01:00Z', {
    operatorId: anna.id,
    firstAnswerAfter: 120,
    closedAfter: 1000,
    rating: 'dislike',
    exchanges: [[300, 'client'], [360, 'operator'], [400, 'client'], [420, 'client'], [520, 'operator']],
  });
  // 01:30 UTC on the 29th is 03:30 summer time (clocks jumped 02:00 → 03:00).
  await dialogAt(db, berlin, '2026-03-29T01:30:00Z', { operatorId: boris.id, firstAnswerAfter: 300, rating: 'like', supervisorRating: 4, kpi: true });
  // 22:30 UTC on the 29th is 00:30 on Monday the 30th in Berlin (CEST): nobody took it.
  await dialogAt(db, berlin, '2026-03-29T22:30:00Z', { missed: true });
  // 23:30 UTC on the 28th: still the 28th on the UTC line (it would be the 29th in Berlin).
  await dialogAt(db, utc, '2026-03-28T23:30:00Z');
  return { anna, boris, director, berlin, utc };
}

describe('statistics.dashboard', () => {
  it('counts each figure by period, line, channel and operator on the days and hours of each line’s time zone', async () => {
    const { anna, boris, director, berlin, utc } = await scenario();
    const api = apiAs(shared.deps, sessionUser(director, 'director'));
    const lines = [berlin.lineId, utc.lineId];

    const weekend = await api.statistics.dashboard({ from: '2026-03-28', to: '2026-03-30' });
    const mine = <T extends { id: number }>(rows: T[]) => rows.filter((row) => lines.includes(row.id));
    expect(mine(weekend.lines).map((l) => [l.name, l.dialogs])).toEqual([['Berlin', 4], ['London', 1]]);
    const berlinOnly = await api.statistics.dashboard({ from: '2026-03-28', to: '2026-03-30', lineId: berlin.lineId });
    const { firstAnswerMedian, firstAnswerP90, furtherAnswerMedian, furtherAnswerP90, resolutionMedian, resolutionP90, ...counts } = berlinOnly.total;
    expect(counts).toEqual({
      dialogs: 4,
      missed: 1,
      rated: 3,
      good: 2, // 5 stars and a like; the dislike is not
      averageRating: 5, // stars only
      supervisorRated: 1,
      supervisorAverage: 4,
      leads: 1,
      kpiViolations: 1,
    });
    // Percentiles come from the roll-up's histograms: within one bucket of percentile_cont's figure.
    expectWithinBucket(firstAnswerMedian, 120);
    expectWithinBucket(firstAnswerP90, 264); // 120 + 0.8 × (300 − 120)
    expectWithinBucket(furtherAnswerMedian, 90); // the one dialog with further answers: (60 + 120) / 2
    expectWithinBucket(furtherAnswerP90, 90);
    expectWithinBucket(resolutionMedian, 800);
    expectWithinBucket(resolutionP90, 960);
    expect(berlinOnly.days.map((d) => [d.day, d.dialogs, d.missed])).toEqual([
      ['2026-03-28', 1, 0],
      ['2026-03-29', 2, 0],
      ['2026-03-30', 1, 1],
    ]);
    expect(berlinOnly.operators.map((o) => [o.name, o.dialogs])).toEqual([['Anna', 2], ['Boris', 1], [null, 1]]);
    expect(berlinOnly.channels).toHaveLength(1);
    expect(berlinOnly.channels[0]).toMatchObject({ id: berlin.channelId, dialogs: 4 });

    // Longer periods read whole months from the month rows and the days at their ends from day
    // rows: the same dialogs give the same figures, percentiles included.
    for (const period of [{ from: '2026-03-01', to: '2026-03-31' }, { from: '2026-02-15', to: '2026-04-10' }, { from: '2025-04-11', to: '2026-04-11' }]) {
      const longer = await api.statistics.dashboard({ ...period, lineId: berlin.lineId });
      expect(longer.days.filter((d) => d.dialogs > 0)).toEqual(berlinOnly.days);
      expect([longer.total, longer.operators, longer.channels]).toEqual([berlinOnly.total, berlinOnly.operators, berlinOnly.channels]);
    }

    // Heat map, Monday first: Sat 23 h, Sun 0 h, Sun 3 h (never 2 h: that hour did not exist), Mon 0 h.
    const cells = berlinOnly.load.flat().filter((cell) => cell.dialogs > 0).map((c) => [c.weekday, c.hour, c.dialogs]);
    expect(cells).toEqual([[1, 0, 1], [6, 23, 1], [7, 0, 1], [7, 3, 1]]);

    const sunday = await api.statistics.dashboard({ from: '2026-03-29', to: '2026-03-29' });
    expect(mine(sunday.lines).map((l) => [l.name, l.dialogs])).toEqual([['Berlin', 2]]);
    const saturdayUtc = await api.statistics.dashboard({ from: '2026-03-28', to: '2026-03-28', lineId: utc.lineId });
    expect(saturdayUtc.total.dialogs).toBe(1);
    expect(saturdayUtc.load.flat().filter((c) => c.dialogs > 0)).toEqual([{ weekday: 6, hour: 23, dialogs: 1 }]);

    const annas = await api.statistics.dashboard({ from: '2026-03-28', to: '2026-03-30', operatorId: anna.id });
    expect([annas.total.dialogs, annas.total.leads, annas.total.good, annas.total.rated]).toEqual([2, 1, 1, 2]);
    const borisInBerlin = await api.statistics.dashboard({ from: '2026-03-28', to: '2026-03-30', operatorId: boris.id, channelId: berlin.channelId });
    expect(borisInBerlin.total.dialogs).toBe(1);
  });

  it('counts the two 02:30s of the autumn change as two dialogs at 2 h on that Sunday', async () => {
    const db = shared.deps.db;
    const director = await createUser(db, 'director');
    const line = await createLine(db, { name: 'Autumn', settings: { workingHours: { timeZone: 'Europe/Berlin' } } });
    await dialogAt(db, line, '2026-10-25T00:30:00Z'); // 02:30 CEST
    await dialogAt(db, line, '2026-10-25T01:30:00Z'); // 02:30 CET, an hour later
    await dialogAt(db, line, '2026-10-25T22:30:00Z'); // 23:30 CET, still Sunday
    const api = apiAs(shared.deps, sessionUser(director, 'director'));
    const day = await api.statistics.dashboard({ from: '2026-10-25', to: '2026-10-25', lineId: line.lineId });
    expect(day.total.dialogs).toBe(3);
    expect(day.load.flat().filter((c) => c.dialogs > 0)).toEqual([{ weekday: 7, hour: 2, dialogs: 2 }, { weekday: 7, hour: 23, dialogs: 1 }]);
  });

  it('sums operators’ online and working time from their presence and working-day changes, within the period', async () => {
    const db = shared.deps.db;
    const director = await createUser(db, 'director');
    const olga = await createUser(db, 'manager', 'Olga', { atWork: false });
    const line = await createLine(db, { name: 'Presence', operators: [olga.id], settings: { workingHours: { timeZone: 'Europe/Berlin' } } });
    const change = (values: Record<string, unknown>) => db.updateTable('operator_states').set(values).where('user_id', '=', olga.id).execute();
    await db.insertInto('operator_states').values({ user_id: olga.id, presence: 'offline', workday: 'working', presence_changed_at: at('2026-03-10T07:00:00Z'), workday_changed_at: at('2026-03-10T07:00:00Z') }).execute();
    await change({ presence: 'online', presence_changed_at: at('2026-03-10T08:00:00Z') });
    await change({ presence: 'away', presence_changed_at: at('2026-03-10T10:00:00Z') });
    await change({ presence: 'online', presence_changed_at: at('2026-03-10T10:15:00Z') });
    await change({ presence: 'offline', presence_changed_at: at('2026-03-10T12:15:00Z') });
    await change({ workday: 'finished', workday_changed_at: at('2026-03-10T15:00:00Z') });
    // Online from 22:30 UTC on the 10th: in Berlin that is 23:30 on the 10th → 30 minutes that day.
    await change({ presence: 'online', presence_changed_at: at('2026-03-10T22:30:00Z') });
    await change({ presence: 'offline', presence_changed_at: at('2026-03-11T01:00:00Z') });

    const api = apiAs(shared.deps, sessionUser(director, 'director'));
    const day = await api.statistics.dashboard({ from: '2026-03-10', to: '2026-03-10', lineId: line.lineId });
    expect(day.presence).toEqual({ timeZone: 'Europe/Berlin', operators: [{ id: olga.id, name: 'Olga', onlineSeconds: 4 * 3600 + 30 * 60, workingSeconds: 8 * 3600 }] });
    const next = await api.statistics.dashboard({ from: '2026-03-11', to: '2026-03-11', lineId: line.lineId });
    expect(next.presence.operators).toEqual([{ id: olga.id, name: 'Olga', onlineSeconds: 2 * 3600, workingSeconds: 0 }]);
  });

  it('shows an operator only their own dialogs and time, and refuses a colleague’s, naming the field', async () => {
    const { anna, boris, director } = await scenario();
    // "My statistics" of a director: their own, none here.
    const directorsOwn = await apiAs(shared.deps, sessionUser(director, 'director')).statistics.dashboard({ from: '2026-03-28', to: '2026-03-30', own: true });
    expect(directorsOwn.total.dialogs).toBe(0);
    const asAnna = apiAs(shared.deps, sessionUser(anna, 'manager'));
    const own = await asAnna.statistics.dashboard({ from: '2026-03-28', to: '2026-03-30' });
    expect(own.total.dialogs).toBe(2);
    expect(own.operators.map((o) => o.id)).toEqual([anna.id]);
    const refused = await rejection(asAnna.statistics.dashboard({ from: '2026-03-28', to: '2026-03-30', operatorId: boris.id }));
    expect(refused.code).toBe('FORBIDDEN');
    expect(refused.message).toMatch(/only your own statistics/);
    expect((await asAnna.statistics.filterOptions()).operators).toEqual([{ id: anna.id, name: 'Anna' }]);
    const backwards = await rejection(asAnna.statistics.dashboard({ from: '2026-03-30', to: '2026-03-28' }));
    expect(backwards.code).toBe('BAD_REQUEST');
    expect(backwards.message).toBe('to: must be on or after "from"; swap the dates');
  });
});

describe('statistics CSV export', () => {
  it('exports a view with the dashboard’s filters and scope, quoting names with commas and quotes', async () => {
    const db = shared.deps.db;
    const director = await createUser(db, 'director');
    const anna = await createUser(db, 'manager', 'Anna "Ann", Senior');
    const line = await createLine(db, { name: 'Export, Sales', operators: [anna.id], settings: { workingHours: { timeZone: 'Europe/Moscow' } } });
    await dialogAt(db, line, '2026-05-01T20:59:00Z', { operatorId: anna.id, firstAnswerAfter: 30 }); // 23:59 in Moscow, 1 May
    await dialogAt(db, line, '2026-05-01T21:01:00Z', { operatorId: anna.id, firstAnswerAfter: 90 }); // 00:01, 2 May
    const url = (view: string, query: string) => new Request(`http://openlines.test/api/statistics/${view}?${query}`);
    const asDirector = sessionUser(director, 'director');

    const response = await handleStatisticsExport({ db }, url('operators.csv', `from=2026-05-01&to=2026-05-02&lineId=${line.lineId}`), 'operators.csv', asDirector);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="statistics-operators-2026-05-01-2026-05-02.csv"');
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // the byte-order mark
    const lines = new TextDecoder().decode(bytes).split('\r\n');
    expect(lines[0]).toMatch(/^operator_id,operator,dialogs,missed,first_answer_median_s,/);
    const [median, p90, ...rest] = lines[1]!.slice(`${anna.id},"Anna ""Ann"", Senior",2,0,`.length).split(',');
    expect(lines[1]!.startsWith(`${anna.id},"Anna ""Ann"", Senior",2,0,`)).toBe(true);
    expectWithinBucket(Number(median), 60);
    expectWithinBucket(Number(p90), 84);
    expect(rest.join(',')).toBe(',,,,0,0,,0,,0,0');

    const days = await (await handleStatisticsExport({ db }, url('days.csv', `from=2026-05-01&to=2026-05-03&lineId=${line.lineId}`), 'days.csv', asDirector)).text();
    expect(days.split('\r\n').slice(1, 4).map((row) => row.split(',').slice(0, 2).join(','))).toEqual(['2026-05-01,1', '2026-05-02,1', '2026-05-03,0']);

    const lineView = await (await handleStatisticsExport({ db }, url('lines.csv', `from=2026-05-01&to=2026-05-02&lineId=${line.lineId}`), 'lines.csv', asDirector)).text();
    expect(lineView).toContain(`${line.lineId},"Export, Sales",2,`);

    const colleague = await createUser(db, 'manager');
    const forbidden = await handleStatisticsExport({ db }, url('days.csv', `from=2026-05-01&to=2026-05-02&operatorId=${anna.id}`), 'days.csv', sessionUser(colleague, 'manager'));
    expect(forbidden.status).toBe(403);
    const ownOnly = await (await handleStatisticsExport({ db }, url('days.csv', `from=2026-05-01&to=2026-05-02`), 'days.csv', sessionUser(colleague, 'manager'))).text();
    expect(ownOnly.split('\r\n').slice(1, 3).map((row) => row.split(',')[1])).toEqual(['0', '0']);

    const bad = await handleStatisticsExport({ db }, url('days.csv', 'from=2026-05-01'), 'days.csv', asDirector);
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain('to');
    expect((await handleStatisticsExport({ db }, url('days.csv', 'from=2026-05-01&to=2026-05-02'), 'days.csv', null)).status).toBe(401);
    expect((await handleStatisticsExport({ db }, url('nope.csv', 'from=2026-05-01&to=2026-05-02'), 'nope.csv', asDirector)).status).toBe(404);
  });
});
