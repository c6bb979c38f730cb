import { isWithinWorkingHours } from '../../../../domain/working-hours';
import type { Database } from '../../../../db/client';
import { findLineStaffing } from '../../../../db/queries/lines';
import type { WidgetOffline } from './schemas';

/**
 * Whether someone can answer the line's chat live now (SPEC §3 working hours, availability): out
 * of hours, or no operator of its queue available (online, working day started, not on a break or
 * absent), the widget offers its offline form instead. A message sent either way opens a dialog
 * as usual; this only decides what the visitor is told before writing.
 */
export async function lineOfflineReason(db: Database, lineId: number, now = new Date()): Promise<WidgetOffline> {
  const line = await findLineStaffing(db, lineId, now);
  if (line && !isWithinWorkingHours(line.settings.workingHours, now)) return 'out_of_hours';
  return line?.anyoneAvailable ? null : 'nobody_available';
}
