import { stringify } from 'csv-stringify/sync';
import { z } from 'zod';
import { AppError } from '../../../domain/errors';
import { statisticsFiltersSchema, statisticsViews, type StatisticsView } from '../../../domain/statistics';
import type { Database } from '../../../db/client';
import type { SessionUser } from '../auth';
import { handleErrors } from '../channels/widget/http';
import { getStatisticsTable, scopedFilters } from '../services/statistics';

/**
 * `GET /api/statistics/{view}.csv?from=YYYY-MM-DD&to=YYYY-MM-DD[&lineId&channelId&operatorId&own=1]`: one
 * dashboard view as CSV with the dashboard's filters and scope (an operator gets their own rows).
 * UTF-8 with a byte-order mark so spreadsheet programs read Cyrillic names; RFC 4180 quoting.
 */
const optionalId = z
  .string()
  .regex(/^\d{1,9}$/, 'must be a positive whole number')
  .transform(Number)
  .optional();

const querySchema = z.object({
  from: z.string({ error: 'is required: the first day, e.g. from=2026-03-01' }),
  to: z.string({ error: 'is required: the last day, e.g. to=2026-03-31' }),
  lineId: optionalId,
  channelId: optionalId,
  operatorId: z.string().optional(),
  own: z.literal('1', { error: 'must be 1 (your own statistics) or left out' }).optional(),
});

function viewOf(text: string): StatisticsView {
  const view = text.replace(/\.csv$/, '');
  if (!(statisticsViews as readonly string[]).includes(view)) {
    throw new AppError('NOT_FOUND', `view: must be one of ${statisticsViews.join(', ')} (e.g. /api/statistics/days.csv)`, 'view');
  }
  return view as StatisticsView;
}

export async function handleStatisticsExport(deps: { db: Database; now?: () => Date }, request: Request, viewText: string, user: SessionUser | null): Promise<Response> {
  return handleErrors(async () => {
    if (!user) throw new AppError('UNAUTHORIZED', 'Sign in to export statistics.');
    if (!user.active) throw new AppError('FORBIDDEN', 'This account is deactivated.');
    const view = viewOf(viewText);
    const params = Object.fromEntries(new URL(request.url).searchParams);
    const { own, ...query } = querySchema.parse(params);
    const filters = scopedFilters(user, statisticsFiltersSchema.parse(query), own === '1');
    const rows = await getStatisticsTable(deps, filters, view);
    const csv = stringify(rows, { bom: true, record_delimiter: 'windows' });
    return new Response(csv, {
      headers: {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="statistics-${view}-${filters.from}-${filters.to}.csv"`,
        'Cache-Control': 'no-store',
      },
    });
  });
}
