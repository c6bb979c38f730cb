import { Context } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import type { Database } from '../db/client';
import type { InternalHostAllowList } from '../domain/network/internal-host-allow-list';
import type { DispatchDeps } from '../engine/dispatch-line';

export interface ActivityDeps {
  db: Database;
  /** Hard ceiling of open dialogs per operator (SPEC §3), from configuration. */
  maxOpenDialogsPerOperator: number;
  /** Internal hosts flows' HTTP requests may reach (HTTP_ALLOWED_INTERNAL_HOSTS); none when unset. */
  httpAllowList?: InternalHostAllowList;
  /** Tells dialog workflows of their offers; by default the client of the worker running the activity. */
  temporal?: Client;
}

/** What the line's dispatcher needs, inside an activity. */
export function dispatchDepsOf(deps: ActivityDeps): DispatchDeps {
  return { db: deps.db, temporal: deps.temporal ?? Context.current().client, maxOpenDialogsPerOperator: deps.maxOpenDialogsPerOperator };
}
