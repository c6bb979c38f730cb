import type { Database } from '../db/client';

export interface ActivityDeps {
  db: Database;
  /** Hard ceiling of open dialogs per operator (SPEC §3), from configuration. */
  maxOpenDialogsPerOperator: number;
}
