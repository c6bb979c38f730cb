import { sql } from 'kysely';
import type { Database } from '../client';

export interface LineLoad {
  lineId: number;
  lineName: string;
  openDialogs: number;
  queuedDialogs: number;
}

/**
 * Open and queued dialogs of every line in one grouped query (for the metrics scrape): lines with
 * none report zero; closed dialogs, the bulk of the table, are skipped by the join condition.
 */
export async function countDialogsByLine(db: Database): Promise<LineLoad[]> {
  const rows = await db
    .selectFrom('lines')
    .leftJoin('dialogs', (join) => join.onRef('dialogs.line_id', '=', 'lines.id').on('dialogs.status', '<>', 'closed'))
    .select([
      'lines.id',
      'lines.name',
      sql<number>`count(dialogs.id)::int`.as('open'),
      sql<number>`(count(dialogs.id) filter (where dialogs.status = 'queued'))::int`.as('queued'),
    ])
    .groupBy('lines.id')
    .orderBy('lines.id')
    .execute();
  return rows.map((row) => ({ lineId: row.id, lineName: row.name, openDialogs: row.open, queuedDialogs: row.queued }));
}
