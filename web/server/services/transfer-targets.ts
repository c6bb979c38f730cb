import { colleagueAvailability, type AvailabilityReasonCode, type OperatorStatus } from '../../../domain/availability';
import type { Role } from '../../../domain/roles';
import type { Database } from '../../../db/client';
import { listAbsences, listUsersWithState } from '../../../db/queries/availability';
import { listLineNames } from '../../../db/queries/lines';

export interface TransferTargets {
  /**
   * Active users, available ones first, each with the status colleagues may see: presence and
   * working day, and "Absent until …" for any absence (its kind and note stay with admins).
   */
  operators: { id: string; name: string; role: Role; available: boolean; status: OperatorStatus; reason: string | null; reasonCode: AvailabilityReasonCode | null }[];
  lines: { id: number; name: string }[];
}

/** Who and where a dialog can be transferred to: the transfer picker's lists. */
export async function listTransferTargets(deps: { db: Database }, options: { timeZone?: string } = {}): Promise<TransferTargets> {
  const at = new Date();
  const [users, absences, lines] = await Promise.all([listUsersWithState(deps.db), listAbsences(deps.db, { endingAfter: at }), listLineNames(deps.db)]);
  const periodsByUser = new Map<string, { startsAt: string; endsAt: string }[]>();
  for (const a of absences) periodsByUser.set(a.userId, [...(periodsByUser.get(a.userId) ?? []), { startsAt: a.startsAt.toISOString(), endsAt: a.endsAt.toISOString() }]);
  const operators = users
    .filter((u) => u.active)
    .map((u) => ({ id: u.id, name: u.name, role: u.role, ...colleagueAvailability({ ...u, absences: periodsByUser.get(u.id) ?? [] }, at, options) }))
    // Stable: users come sorted by name, so each group stays alphabetical.
    .sort((a, b) => Number(b.available) - Number(a.available));
  return { operators, lines };
}
