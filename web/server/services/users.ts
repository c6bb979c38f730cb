import type { Role } from '../../../domain/roles';
import type { Database } from '../../../db/client';
import { listUsers as listUserRows } from '../../../db/queries/users';

export interface UserSummary {
  id: string;
  name: string;
  email: string;
  role: Role;
  active: boolean;
}

/** Every user, for pickers such as a line's queue (admins only: the router checks). */
export async function listUsers(deps: { db: Database }): Promise<UserSummary[]> {
  return listUserRows(deps.db);
}
