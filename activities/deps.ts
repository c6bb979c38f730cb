import { Context } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import type { Database } from '../db/client';
import { appSecret } from '../domain/config';
import type { InternalHostAllowList } from '../domain/network/internal-host-allow-list';
import type { ChannelRuntime } from '../channels/load';
import type { DispatchDeps } from '../engine/dispatch-line';
import type { FileStore } from '../storage/file-store';

export interface ActivityDeps {
  db: Database;
  /** Hard ceiling of open dialogs per operator (SPEC §3), from configuration. */
  maxOpenDialogsPerOperator: number;
  /** Internal hosts flows' HTTP requests may reach (HTTP_ALLOWED_INTERNAL_HOSTS); none when unset. */
  httpAllowList?: InternalHostAllowList;
  /** Tells dialog workflows of their offers; by default the client of the worker running the activity. */
  temporal?: Client;
  /** OPENLINES_SECRET and PUBLIC_URL, to decrypt channel settings and sign file links; development values when absent. */
  channels?: ChannelRuntime;
  /** Where stored files' bytes live (retention removes them); by default the store the configuration names. */
  files?: FileStore;
}

/** For tests and tools that send through no real channel; the worker always passes its own. */
export const developmentChannelRuntime: ChannelRuntime = { appSecret: appSecret({ NODE_ENV: 'development' }, ''), publicUrl: 'http://localhost:3000' };

/** What the line's dispatcher needs, inside an activity. */
export function dispatchDepsOf(deps: ActivityDeps): DispatchDeps {
  return { db: deps.db, temporal: deps.temporal ?? Context.current().client, maxOpenDialogsPerOperator: deps.maxOpenDialogsPerOperator };
}
