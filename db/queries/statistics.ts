import { sql, type SelectQueryBuilder } from 'kysely';
import type { Database } from '../client';

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

function filtered(db: Database, filters: DialogStatsFilters) {
  let query = db
    .selectFrom('dialog_stats as s')
    .where(sql<boolean>`s.local_day between ${filters.from}::date and ${filters.to}::date`);
  if (filters.lineId !== undefined) query = query.where('s.line_id', '=', filters.lineId);
  if (filters.channelId !== undefined) query = query.where('s.channel_id', '=', filters.channelId);
  if (filters.operatorId !== undefined) query = query.where('s.operator_id', '=', filters.operatorId);
  return query;
}

/**
 * Aggregates of the summary rows: medians and 90th percentiles of first-answer and resolution time
 * over dialogs, of further-answer time over each dialog's mean further answer; ratings split into
 * good (`goodRatings`) and the average of star ratings (`starRatings`).
 */
function withFigures<QDB, TB extends keyof QDB, O>(query: SelectQueryBuilder<QDB, TB, O>, rules: FigureRules) {
  const furtherMean = sql`s.further_answer_seconds::float8 / nullif(s.further_answer_count, 0)`;
  return query.select([
    sql<number>`count(*)`.as('dialogs'),
    sql<number>`count(*) filter (where s.missed)`.as('missed'),
    sql<number | null>`percentile_cont(0.5) within group (order by s.first_answer_seconds)`.as('firstAnswerMedian'),
    sql<number | null>`percentile_cont(0.9) within group (order by s.first_answer_seconds)`.as('firstAnswerP90'),
    sql<number | null>`percentile_cont(0.5) within group (order by ${furtherMean})`.as('furtherAnswerMedian'),
    sql<number | null>`percentile_cont(0.9) within group (order by ${furtherMean})`.as('furtherAnswerP90'),
    sql<number | null>`percentile_cont(0.5) within group (order by s.resolution_seconds)`.as('resolutionMedian'),
    sql<number | null>`percentile_cont(0.9) within group (order by s.resolution_seconds)`.as('resolutionP90'),
    sql<number>`count(s.rating)`.as('rated'),
    sql<number>`count(*) filter (where s.rating = any(${[...rules.goodRatings]}::text[]))`.as('good'),
    sql<number | null>`(avg(s.rating::int) filter (where s.rating = any(${[...rules.starRatings]}::text[])))::float8`.as('averageRating'),
    sql<number>`count(s.supervisor_rating)`.as('supervisorRated'),
    sql<number | null>`avg(s.supervisor_rating)::float8`.as('supervisorAverage'),
    sql<number>`count(*) filter (where s.became_lead)`.as('leads'),
    sql<number>`coalesce(sum(s.kpi_violations), 0)`.as('kpiViolations'),
  ]);
}

export interface FigureRules {
  goodRatings: readonly string[];
  starRatings: readonly string[];
}

/** The figures of all dialogs matching the filters. */
export async function dialogFiguresTotal(db: Database, filters: DialogStatsFilters, rules: FigureRules): Promise<DialogFigures> {
  return (await withFigures(filtered(db, filters), rules).executeTakeFirstOrThrow()) as DialogFigures;
}

/** The figures per local day (only days with dialogs). */
export async function dialogFiguresByDay(db: Database, filters: DialogStatsFilters, rules: FigureRules): Promise<(DialogFigures & { day: string })[]> {
  return (await withFigures(filtered(db, filters), rules)
    .select(sql<string>`to_char(s.local_day, 'YYYY-MM-DD')`.as('day'))
    .groupBy('s.local_day')
    .orderBy('s.local_day')
    .execute()) as (DialogFigures & { day: string })[];
}

/** The figures per line, with its name, most dialogs first. */
export async function dialogFiguresByLine(db: Database, filters: DialogStatsFilters, rules: FigureRules) {
  return (await withFigures(filtered(db, filters).innerJoin('lines as l', 'l.id', 's.line_id'), rules)
    .select(['s.line_id as id', 'l.name as name'])
    .groupBy(['s.line_id', 'l.name'])
    .orderBy(sql`count(*)`, 'desc')
    .orderBy('l.name')
    .execute()) as (DialogFigures & { id: number; name: string })[];
}

/** The figures per channel, with its name and kind, most dialogs first. */
export async function dialogFiguresByChannel(db: Database, filters: DialogStatsFilters, rules: FigureRules) {
  return (await withFigures(filtered(db, filters).innerJoin('channels as c', 'c.id', 's.channel_id'), rules)
    .select(['s.channel_id as id', 'c.name as name', 'c.kind as kind'])
    .groupBy(['s.channel_id', 'c.name', 'c.kind'])
    .orderBy(sql`count(*)`, 'desc')
    .orderBy('c.name')
    .execute()) as (DialogFigures & { id: number; name: string; kind: string })[];
}

/** The figures per operator (null: dialogs nobody took), with names, most dialogs first. */
export async function dialogFiguresByOperator(db: Database, filters: DialogStatsFilters, rules: FigureRules) {
  return (await withFigures(filtered(db, filters).leftJoin('users as u', 'u.id', 's.operator_id'), rules)
    .select(['s.operator_id as id', 'u.name as name'])
    .groupBy(['s.operator_id', 'u.name'])
    .orderBy(sql`count(*)`, 'desc')
    .orderBy('u.name')
    .execute()) as (DialogFigures & { id: string | null; name: string | null })[];
}

/** Dialogs per ISO weekday (1 Monday … 7 Sunday) and hour of creation, in each line's time zone. */
export async function dialogLoadByHour(db: Database, filters: DialogStatsFilters): Promise<{ weekday: number; hour: number; dialogs: number }[]> {
  return filtered(db, filters)
    .select(['s.local_dow as weekday', 's.local_hour as hour', sql<number>`count(*)`.as('dialogs')])
    .groupBy(['s.local_dow', 's.local_hour'])
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
