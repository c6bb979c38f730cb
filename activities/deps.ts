import type { Database } from '../db/client';
import type { InternalHostAllowList } from '../domain/network/internal-host-allow-list';

export interface ActivityDeps {
  db: Database;
  /** Hard ceiling of open dialogs per operator (SPEC §3), from configuration. */
  maxOpenDialogsPerOperator: number;
  /** Internal hosts flows' HTTP requests may reach (HTTP_ALLOWED_INTERNAL_HOSTS); none when unset. */
  httpAllowList?: InternalHostAllowList;
}
