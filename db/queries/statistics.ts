import { sql, type RawBuilder } from 'kysely';
import { rollupRatingValues, timeBucketEdges, timeFigures, timeMeasures } from '../../domain/statistics/histogram';
import { splitPeriodByMonths } from '../../domain/statistics/period-split';
import type { Database } from '../client';

/**
 * Applies the dialog changes not yet in the roll-up (dialog_stats_pending, migration
 * 20261206050000), oldest first, one folder at a time: the worker calls it every few seconds and
 * every statistics read first, so a view counts everything committed before it was asked for.
 */
export async function foldPendingStatistics(db: Database, maxChanges = 100_000): Promise<number> {
  const { rows } = await sql<{ folded: number }>`select dialog_stats_fold(${maxChanges}::integer) as folded`.execute(db);
  return rows[0]?.folded ?? 0;
}

/** Which dialogs a statistics view counts: local days of creation (both included) and optional line, channel, operator. */
export interface DialogStatsFilters {
  from: string;
  to: string;
  lineId?: number;
  channelId?: number;
  operatorId?: string;
}

/** The figures every view shows, for one group of dialogs (times in seconds; null where nothing to measure). */
export interface DialogFigures {
  dialogs: number;
  missed: number;
  firstAnswerMedian: number | null;
  firstAnswerP90: number | null;
  furtherAnswerMedian: number | null;
  furtherAnswerP90: number | null;
  resolutionMedian: number | null;
  resolutionP90: number | null;
  rated: number;
  good: number;
  averageRating: number | null;
  supervisorRated: number;
  supervisorAverage: number | null;
  leads: number;
  kpiViolations: number;
}

export type StatsGrouping = 'day' | 'line' | 'channel' | 'operator';

export interface FigureRules {
  goodRatings: readonly string[];
  starRatings: readonly string[];
}

type RollupScope = 'full' | 'line' | 'operator' | 'all';

/**
 * The roll-up rows (dialog_stats_daily) a view reads: the coarsest scope that still has the
 * filters' and the grouping's line, channel and operator — a year of the whole centre reads one
 * row a day, not a row a dialog.
 */
function rollupScope(filters: DialogStatsFilters, grouping?: StatsGrouping): RollupScope {
  const byLine = filters.lineId !== undefined || filters.channelId !== undefined || grouping === 'line' || grouping === 'channel';
  const byOperator = filters.operatorId !== undefined || grouping === 'operator';
  return byLine ? (byOperator ? 'full' : 'line') : byOperator ? 'operator' : 'all';
}

function rolled(db: Database, filters: DialogStatsFilters, grouping?: StatsGrouping) {
  const scope = rollupScope(filters, grouping);
  let query = db
    .selectFrom('dialog_stats_daily as r')
    .where('r.scope', '=', scope)
    .where(sql<boolean>`r.local_day between ${filters.from}::date and ${filters.to}::date`);
  if (filters.lineId !== undefined) query = query.where('r.line_id', '=', filters.lineId);
  if (filters.channelId !== undefined) query = query.where('r.channel_id', '=', filters.channelId);
  if (filters.operatorId !== undefined) query = query.where('r.operator_id', '=', filters.operatorId);
  return query;
}

/** The roll-up columns summed over a period (all but the day and the hours). */
const summedColumns = ['line_id', 'channel_id', 'operator_id', 'dialogs', 'missed', 'rated', 'ratings', 'supervisor_rated', 'supervisor_sum', 'leads', 'kpi_violations', 'times'] as const;

/**
 * The roll-up rows of a period as one table `r` (no day): its whole months from the month rows
 * (dialog_stats_monthly) and the days at its ends from the day rows (domain splitPeriodByMonths) —
 * a year of one scope reads about a dozen month rows and at most 60 day rows instead of 365 days.
 */
function rolledByMonths(db: Database, filters: DialogStatsFilters, grouping?: StatsGrouping) {
  const scope = rollupScope(filters, grouping);
  const { leadingDays, months, trailingDays } = splitPeriodByMonths(filters.from, filters.to);
  const matching = (column: 'r.local_day' | 'r.local_month', from: string, to: string) => sql<boolean>`${sql.ref(column)} between ${from}::date and ${to}::date`;
  const dayRanges = [leadingDays, trailingDays].filter((range) => range !== null).map((range) => matching('r.local_day', range.from, range.to));
  const conditions = [sql<boolean>`r.scope = ${scope}`];
  if (filters.lineId !== undefined) conditions.push(sql<boolean>`r.line_id = ${filters.lineId}`);
  if (filters.channelId !== undefined) conditions.push(sql<boolean>`r.channel_id = ${filters.channelId}`);
  if (filters.operatorId !== undefined) conditions.push(sql<boolean>`r.operator_id = ${filters.operatorId}`);
  const scoped = sql.join(conditions, sql` and `);
  const days = db
    .selectFrom('dialog_stats_daily as r')
    .select(summedColumns)
    .where(sql<boolean>`${scoped} and ${dayRanges.length === 0 ? sql`false` : sql`(${sql.join(dayRanges, sql` or `)})`}`);
  const union = months
    ? days.unionAll(db.selectFrom('dialog_stats_monthly as r').select(summedColumns).where(sql<boolean>`${scoped} and ${matching('r.local_month', months.from, months.to)}`))
    : days;
  return db.selectFrom(union.as('r'));
}

const groupKeys: Record<StatsGrouping | 'total', RawBuilder<string>> = {
  total: sql<string>`''`,
  day: sql<string>`to_char(r.local_day, 'YYYY-MM-DD')`,
  line: sql<string>`r.line_id::text`,
  channel: sql<string>`r.channel_id::text`,
  operator: sql<string>`r.operator_id`,
};

/** The roll-up's ratings position (1-based) of each rating value the rules name. */
function ratingPositions(values: readonly string[]): number[] {
  return values.map((value) => rollupRatingValues.indexOf(value as (typeof rollupRatingValues)[number]) + 1).filter((position) => position > 0);
}

const noFigures: DialogFigures = { ...timeFigures([]), dialogs: 0, missed: 0, rated: 0, good: 0, averageRating: null, supervisorRated: 0, supervisorAverage: null, leads: 0, kpiViolations: 0 };

/**
 * The figures per group from the roll-up: counts and sums added up exactly (good ratings and the
 * star average from the per-value rating counts, by the rules), medians and 90th percentiles from
 * the summed time histograms (domain/statistics/histogram.ts: within one bucket of the exact figure).
 */
async function rolledFigures(db: Database, filters: DialogStatsFilters, rules: FigureRules, grouping: StatsGrouping | 'total'): Promise<Map<string, DialogFigures>> {
  const key = groupKeys[grouping];
  const rows = grouping === 'day' ? rolled(db, filters, grouping) : rolledByMonths(db, filters, grouping === 'total' ? undefined : grouping);
  const sumOf = (positions: number[]) => (positions.length === 0 ? sql`0` : sql.join(positions.map((position) => sql`r.ratings[${sql.lit(position)}]`), sql` + `));
  const stars = ratingPositions(rules.starRatings);
  const weighted = stars.length === 0 ? sql`0` : sql.join(stars.map((position) => sql`${sql.lit(Number(rollupRatingValues[position - 1]))} * r.ratings[${sql.lit(position)}]`), sql` + `);
  const [sums, histograms] = await Promise.all([
    rows
      .select([
        key.as('key'),
        sql<number>`sum(r.dialogs)::integer`.as('dialogs'),
        sql<number>`sum(r.missed)::integer`.as('missed'),
        sql<number>`sum(r.rated)::integer`.as('rated'),
        sql<number>`sum(${sumOf(ratingPositions(rules.goodRatings))})::integer`.as('good'),
        sql<number | null>`(sum(${weighted})::float8 / nullif(sum(${sumOf(stars)}), 0))`.as('averageRating'),
        sql<number>`sum(r.supervisor_rated)::integer`.as('supervisorRated'),
        sql<number | null>`(sum(r.supervisor_sum)::float8 / nullif(sum(r.supervisor_rated), 0))`.as('supervisorAverage'),
        sql<number>`sum(r.leads)::integer`.as('leads'),
        sql<number>`sum(r.kpi_violations)::integer`.as('kpiViolations'),
      ])
      .groupBy(sql`1`)
      .having(sql<boolean>`sum(r.dialogs) > 0`)
      .execute(),
    db
      .selectFrom(rows.select([key.as('key'), sql<number>`unnest(r.times)`.as('bucket')]).as('h'))
      .select(['h.key', sql<number>`h.bucket / 1048576`.as('position'), sql<number>`sum(h.bucket % 1048576)::integer`.as('count')])
      .groupBy(['h.key', sql`2`])
      .execute(),
  ]);
  const times = new Map<string, number[]>();
  for (const row of histograms) {
    const counts = times.get(row.key) ?? new Array<number>(timeMeasures.length * timeBucketEdges.length).fill(0);
    counts[row.position - 1] = row.count;
    times.set(row.key, counts);
  }
  return new Map(sums.map(({ key: group, ...row }) => [group, { ...row, ...timeFigures(times.get(group) ?? []) }]));
}

/** The figures of all dialogs matching the filters. */
export async function dialogFiguresTotal(db: Database, filters: DialogStatsFilters, rules: FigureRules): Promise<DialogFigures> {
  return (await rolledFigures(db, filters, rules, 'total')).get('') ?? noFigures;
}

/** The figures per local day (only days with dialogs). */
export async function dialogFiguresByDay(db: Database, filters: DialogStatsFilters, rules: FigureRules): Promise<(DialogFigures & { day: string })[]> {
  const figures = await rolledFigures(db, filters, rules, 'day');
  return [...figures].map(([day, row]) => ({ ...row, day })).sort((a, b) => a.day.localeCompare(b.day));
}

/** Most dialogs first, then by name (no name last). */
function byDialogsThenName<T extends { dialogs: number; name: string | null }>(rows: T[]): T[] {
  return rows.sort((a, b) => b.dialogs - a.dialogs || (a.name === null ? 1 : 0) - (b.name === null ? 1 : 0) || (a.name ?? '').localeCompare(b.name ?? ''));
}

/** The figures per line, with its name, most dialogs first. */
export async function dialogFiguresByLine(db: Database, filters: DialogStatsFilters, rules: FigureRules) {
  const [figures, lines] = await Promise.all([rolledFigures(db, filters, rules, 'line'), db.selectFrom('lines').select(['id', 'name']).execute()]);
  const names = new Map(lines.map((line) => [String(line.id), line.name]));
  return byDialogsThenName([...figures].filter(([id]) => names.has(id)).map(([id, row]) => ({ ...row, id: Number(id), name: names.get(id)! })));
}

/** The figures per channel, with its name and kind, most dialogs first. */
export async function dialogFiguresByChannel(db: Database, filters: DialogStatsFilters, rules: FigureRules) {
  const [figures, channels] = await Promise.all([rolledFigures(db, filters, rules, 'channel'), db.selectFrom('channels').select(['id', 'name', 'kind']).execute()]);
  const byId = new Map(channels.map((channel) => [String(channel.id), channel]));
  return byDialogsThenName([...figures].filter(([id]) => byId.has(id)).map(([id, row]) => ({ ...row, id: Number(id), name: byId.get(id)!.name, kind: byId.get(id)!.kind })));
}

/** The figures per operator (null: dialogs nobody took), with names, most dialogs first. */
export async function dialogFiguresByOperator(db: Database, filters: DialogStatsFilters, rules: FigureRules) {
  const [figures, users] = await Promise.all([rolledFigures(db, filters, rules, 'operator'), db.selectFrom('users').select(['id', 'name']).execute()]);
  const names = new Map(users.map((user) => [user.id, user.name]));
  return byDialogsThenName([...figures].map(([id, row]) => ({ ...row, id: id === '' ? null : id, name: id === '' ? null : (names.get(id) ?? null) })));
}

/** Dialogs per ISO weekday (1 Monday … 7 Sunday) and hour of creation, in each line's time zone. */
export async function dialogLoadByHour(db: Database, filters: DialogStatsFilters): Promise<{ weekday: number; hour: number; dialogs: number }[]> {
  const hours = rolled(db, filters).select([
    sql<number>`extract(isodow from r.local_day)::integer`.as('weekday'),
    sql<number>`unnest(r.hours)`.as('dialogs'),
    sql<number>`generate_subscripts(r.hours, 1) - 1`.as('hour'),
  ]);
  return db
    .selectFrom(hours.as('h'))
    .select(['h.weekday', 'h.hour', sql<number>`sum(h.dialogs)::integer`.as('dialogs')])
    .where('h.dialogs', '<>', 0)
    .groupBy(['h.weekday', 'h.hour'])
    .execute();
}

/** Presence and working-day intervals overlapping [start, end), of the given operators (all when undefined). */
export async function listOperatorStateIntervals(db: Database, range: { start: Date; end: Date }, userIds?: readonly string[]) {
  if (userIds && userIds.length === 0) return [];
  let query = db
    .selectFrom('operator_state_log as o')
    .innerJoin('users as u', 'u.id', 'o.user_id')
    .select(['o.user_id', 'u.name', 'o.presence', 'o.workday', 'o.started_at', 'o.ended_at'])
    .where('o.started_at', '<', range.end)
    .where((eb) => eb.or([eb('o.ended_at', 'is', null), eb('o.ended_at', '>', range.start)]));
  if (userIds) query = query.where('o.user_id', 'in', userIds);
  return query.orderBy('o.user_id').orderBy('o.started_at').execute();
}

/** Every line's id, name and time zone (the one statistics count its days in). */
export async function listLineZones(db: Database) {
  return db
    .selectFrom('lines')
    .select(['id', 'name', sql<string>`coalesce(settings #>> '{workingHours,timeZone}', 'UTC')`.as('timeZone')])
    .orderBy('name')
    .orderBy('id')
    .execute();
}
