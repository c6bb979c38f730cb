import type { Database } from '../../../db/client';
import { listChannelsOfAllLines } from '../../../db/queries/channels';
import { lineIdsOfMember, listQueue } from '../../../db/queries/lines';
import {
  dialogFiguresByChannel,
  dialogFiguresByDay,
  dialogFiguresByLine,
  dialogFiguresByOperator,
  dialogFiguresTotal,
  dialogLoadByHour,
  foldPendingStatistics,
  listLineZones,
  listOperatorStateIntervals,
  type DialogFigures,
} from '../../../db/queries/statistics';
import { listUsers } from '../../../db/queries/users';
import { AppError } from '../../../domain/errors';
import { seesAllDialogs } from '../../../domain/roles';
import {
  fillDays,
  goodRatings,
  heatMapGrid,
  overlapSeconds,
  periodInstants,
  presenceTimeZone,
  recentPeriod,
  starRatings,
  type StatisticsFilters,
  type StatisticsView,
} from '../../../domain/statistics';
import type { Actor } from './actor';

const rules = { goodRatings, starRatings };

const emptyFigures: DialogFigures = {
  dialogs: 0,
  missed: 0,
  firstAnswerMedian: null,
  firstAnswerP90: null,
  furtherAnswerMedian: null,
  furtherAnswerP90: null,
  resolutionMedian: null,
  resolutionP90: null,
  rated: 0,
  good: 0,
  averageRating: null,
  supervisorRated: 0,
  supervisorAverage: null,
  leads: 0,
  kpiViolations: 0,
};

/**
 * The filters an actor may use: admins and directors see everything; an operator (manager) sees
 * only their own dialogs and time, and is refused when asking for a colleague's. `own`: anyone's
 * "My statistics" (a director's too).
 */
export function scopedFilters(actor: Actor, filters: StatisticsFilters, own = false): StatisticsFilters {
  if (own) return { ...filters, operatorId: actor.id };
  if (seesAllDialogs(actor.role)) return filters;
  if (filters.operatorId !== undefined && filters.operatorId !== actor.id) {
    throw new AppError('FORBIDDEN', 'You can see only your own statistics: leave the operator filter empty.', 'operatorId');
  }
  return { ...filters, operatorId: actor.id };
}

/** Operators' online and working seconds in the period, in the time zone `presenceTimeZone` picks. */
async function presenceTime(db: Database, filters: StatisticsFilters, now: Date) {
  const zones = await listLineZones(db);
  const timeZone = presenceTimeZone(zones, filters.lineId);
  const period = periodInstants(filters.from, filters.to, timeZone);
  const userIds = filters.operatorId !== undefined ? [filters.operatorId] : filters.lineId !== undefined ? (await listQueue(db, filters.lineId)).map((m) => m.user_id) : undefined;
  const intervals = await listOperatorStateIntervals(db, period, userIds);
  const byUser = new Map<string, { id: string; name: string; online: { start: Date; end: Date | null }[]; working: { start: Date; end: Date | null }[] }>();
  for (const row of intervals) {
    const entry = byUser.get(row.user_id) ?? { id: row.user_id, name: row.name, online: [], working: [] };
    byUser.set(row.user_id, entry);
    const interval = { start: row.started_at, end: row.ended_at };
    if (row.presence === 'online') entry.online.push(interval);
    if (row.workday === 'working') entry.working.push(interval);
  }
  const rows = [...byUser.values()]
    .map((user) => ({ id: user.id, name: user.name, onlineSeconds: overlapSeconds(user.online, period, now), workingSeconds: overlapSeconds(user.working, period, now) }))
    .filter((row) => row.onlineSeconds > 0 || row.workingSeconds > 0)
    .sort((a, b) => b.workingSeconds - a.workingSeconds || a.name.localeCompare(b.name));
  return { timeZone, operators: rows };
}

/** The whole dashboard for the filters (already scoped with `scopedFilters`). */
export async function getStatisticsDashboard(deps: { db: Database; now?: () => Date }, filters: StatisticsFilters) {
  const { db } = deps;
  await foldPendingStatistics(db);
  const [total, days, lines, channels, operators, load, presence] = await Promise.all([
    dialogFiguresTotal(db, filters, rules),
    dialogFiguresByDay(db, filters, rules),
    dialogFiguresByLine(db, filters, rules),
    dialogFiguresByChannel(db, filters, rules),
    dialogFiguresByOperator(db, filters, rules),
    dialogLoadByHour(db, filters),
    presenceTime(db, filters, deps.now?.() ?? new Date()),
  ]);
  return {
    total,
    days: fillDays(filters.from, filters.to, days, (day) => ({ ...emptyFigures, day })),
    lines,
    channels,
    operators,
    load: heatMapGrid(load),
    presence,
  };
}

export type StatisticsDashboard = Awaited<ReturnType<typeof getStatisticsDashboard>>;

/** One view's rows for CSV export: a header row, then one row per day, line, channel, operator or heat-map cell. */
export async function getStatisticsTable(deps: { db: Database; now?: () => Date }, filters: StatisticsFilters, view: StatisticsView): Promise<(string | number | null)[][]> {
  const { db } = deps;
  await foldPendingStatistics(db);
  const figureHeader = [
    'dialogs',
    'missed',
    'first_answer_median_s',
    'first_answer_p90_s',
    'further_answer_median_s',
    'further_answer_p90_s',
    'resolution_median_s',
    'resolution_p90_s',
    'rated',
    'good',
    'average_rating',
    'supervisor_rated',
    'supervisor_average',
    'leads',
    'kpi_violations',
  ];
  const figureCells = (f: DialogFigures) => [
    f.dialogs,
    f.missed,
    rounded(f.firstAnswerMedian),
    rounded(f.firstAnswerP90),
    rounded(f.furtherAnswerMedian),
    rounded(f.furtherAnswerP90),
    rounded(f.resolutionMedian),
    rounded(f.resolutionP90),
    f.rated,
    f.good,
    rounded(f.averageRating, 2),
    f.supervisorRated,
    rounded(f.supervisorAverage, 2),
    f.leads,
    f.kpiViolations,
  ];
  switch (view) {
    case 'days': {
      const days = fillDays(filters.from, filters.to, await dialogFiguresByDay(db, filters, rules), (day) => ({ ...emptyFigures, day }));
      return [['day', ...figureHeader], ...days.map((row) => [row.day, ...figureCells(row)])];
    }
    case 'lines':
      return [['line_id', 'line', ...figureHeader], ...(await dialogFiguresByLine(db, filters, rules)).map((row) => [row.id, row.name, ...figureCells(row)])];
    case 'channels':
      return [['channel_id', 'channel', 'kind', ...figureHeader], ...(await dialogFiguresByChannel(db, filters, rules)).map((row) => [row.id, row.name, row.kind, ...figureCells(row)])];
    case 'operators':
      return [['operator_id', 'operator', ...figureHeader], ...(await dialogFiguresByOperator(db, filters, rules)).map((row) => [row.id, row.name, ...figureCells(row)])];
    case 'load':
      return [['weekday', 'hour', 'dialogs'], ...heatMapGrid(await dialogLoadByHour(db, filters)).flat().map((cell) => [cell.weekday, cell.hour, cell.dialogs])];
    case 'presence': {
      const presence = await presenceTime(db, filters, deps.now?.() ?? new Date());
      return [['operator_id', 'operator', 'online_seconds', 'working_seconds', 'time_zone'], ...presence.operators.map((row) => [row.id, row.name, row.onlineSeconds, row.workingSeconds, presence.timeZone])];
    }
  }
}

function rounded(value: number | null, digits = 0): number | null {
  if (value === null) return null;
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** What the filters offer: lines, their channels and operators (for an operator: only themselves). */
/** The filters' choices: everything for supervisors; a manager's own lines (their queues), their channels, and themselves. */
export async function getStatisticsFilterOptions(deps: { db: Database }, actor: Actor) {
  const [lines, channels, users, ownLines] = await Promise.all([
    listLineZones(deps.db),
    listChannelsOfAllLines(deps.db),
    listUsers(deps.db),
    seesAllDialogs(actor.role) ? null : lineIdsOfMember(deps.db, actor.id).then((ids) => new Set(ids)),
  ]);
  const inScope = (lineId: number) => ownLines === null || ownLines.has(lineId);
  return {
    lines: lines.filter((l) => inScope(l.id)).map((l) => ({ id: l.id, name: l.name, timeZone: l.timeZone })),
    channels: channels.filter((c) => inScope(c.line_id)).map((c) => ({ id: c.id, lineId: c.line_id, name: c.name, kind: c.kind })),
    operators: (seesAllDialogs(actor.role) ? users : users.filter((u) => u.id === actor.id)).map((u) => ({ id: u.id, name: u.name })),
  };
}

/** The dashboard's default period: the last 30 days up to today in the lines' time zone (UTC when they differ). */
export async function defaultStatisticsPeriod(deps: { db: Database }, now = new Date()): Promise<{ from: string; to: string }> {
  return recentPeriod(now, presenceTimeZone(await listLineZones(deps.db)));
}
