import type { Client } from '@temporalio/client';
import type { Database } from '../../db/client';
import { pingDatabase } from '../../db/queries/health';

export type Dependency = 'postgres' | 'temporal';

export interface Readiness {
  ready: boolean;
  /** 'up', or why the dependency counts as down. */
  checks: Record<Dependency, string>;
}

const dependencyNames: Record<Dependency, string> = { postgres: 'PostgreSQL', temporal: 'Temporal' };

/**
 * Whether this server can do its work: PostgreSQL answers a `select 1` and the Temporal frontend
 * answers getSystemInfo, each within `timeoutMs` — a hung dependency makes the probe fail, not hang.
 */
export async function checkReadiness(deps: { db: Database; temporal: Client }, timeoutMs = 2_000): Promise<Readiness> {
  const [postgres, temporal] = await Promise.all([
    probe(() => pingDatabase(deps.db), timeoutMs),
    probe(() => deps.temporal.connection.withDeadline(Date.now() + timeoutMs, () => deps.temporal.workflowService.getSystemInfo({})), timeoutMs),
  ]);
  return { ready: postgres === 'up' && temporal === 'up', checks: { postgres, temporal } };
}

/** "Temporal is down (…)" for each dependency that is not up. */
export function describeDown(readiness: Readiness): string {
  return (Object.entries(readiness.checks) as [Dependency, string][])
    .filter(([, state]) => state !== 'up')
    .map(([dependency, state]) => `${dependencyNames[dependency]} is down (${state})`)
    .join('; ');
}

async function probe(check: () => Promise<unknown>, timeoutMs: number): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`no answer within ${timeoutMs} ms`), timeoutMs);
  });
  try {
    return await Promise.race([check().then(() => 'up'), timeout]);
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    clearTimeout(timer);
  }
}
