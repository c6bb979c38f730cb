import type { StatusTone } from '../../../domain/availability';
import type { Role } from '../../../domain/roles';
import type { Database } from '../../../db/client';
import { listLineNames } from '../queries/lines';
import { listUsersWithAvailability } from './availability';

export interface TransferTargets {
  /** Active users, available ones first, each with the status the inbox shows next to people. */
  operators: { id: string; name: string; role: Role; available: boolean; status: { label: string; tone: StatusTone }; reason: string | null }[];
  lines: { id: number; name: string }[];
}

/** Who and where a dialog can be transferred to: the transfer picker's lists. */
export async function listTransferTargets(deps: { db: Database }, options: { timeZone?: string } = {}): Promise<TransferTargets> {
  const [users, lines] = await Promise.all([listUsersWithAvailability(deps, options), listLineNames(deps.db)]);
  const operators = users
    .filter((u) => u.active)
    .map((u) => ({ id: u.id, name: u.name, role: u.role, available: u.available, status: u.status, reason: u.reason }))
    // Stable: users come sorted by name, so each group stays alphabetical.
    .sort((a, b) => Number(b.available) - Number(a.available));
  return { operators, lines };
}
