import { stripVTControlCharacters } from 'node:util';
import { type ManagedChild } from '../../scripts/support/child-process';
import { startWebServer } from '../../scripts/support/web-server';
import { processGroupMembers } from './proc-stat';
import { spawnWorkerProcess } from './worker-process';

/** A process of the cluster (worker or web server) that the scale-out bench can kill -9. */
export type KillableProcess = {
  readonly name: string;
  readonly managed: ManagedChild;
  /** Warnings the process logged (ANSI colours removed), kept for the report rather than printed. */
  readonly warnings: string[];
  /** kill -9 of the whole process group; resolves once the group leader is gone. Returns what survived. */
  killHard(): Promise<number[]>;
  stop(): Promise<void>;
};

type ClusterEnv = { databaseUrl: string; temporalAddress: string; taskQueue: string };

/** `worker/main.ts` in its own process group; resolves once it polls the task queue. */
export async function startKillableWorker(name: string, options: ClusterEnv): Promise<KillableProcess> {
  const warnings: string[] = [];
  const { managed } = await spawnWorkerProcess({
    ...options,
    onOutputLine: (raw) => {
      const line = stripVTControlCharacters(raw);
      if (/ WARN /.test(line)) warnings.push(line);
      else if (/error/i.test(line)) console.error(`[${name}] ${line}`);
    },
  }).catch((error: unknown) => Promise.reject(new Error(`${name}: ${error instanceof Error ? error.message : String(error)}`, { cause: error })));
  return killable(name, managed, warnings);
}

/**
 * `next start web` on its own port, from the one build every replica shares; PUBLIC_URL is its own
 * address (the Origin check), the secret is the cluster's (sessions and visitor tokens work on
 * every replica).
 */
export async function startKillableWebServer(name: string, options: ClusterEnv & { secret: string }): Promise<KillableProcess & { url: string }> {
  // As behind the load balancer: each visitor's own address comes in X-Forwarded-For.
  const web = await startWebServer({ ...options, env: { TRUSTED_PROXIES: '127.0.0.1, ::1' } });
  return { ...killable(name, web.process, []), url: web.url };
}

function killable(name: string, managed: ManagedChild, warnings: string[]): KillableProcess {
  return {
    name,
    managed,
    warnings,
    async killHard() {
      const group = managed.child.pid!;
      process.kill(-group, 'SIGKILL');
      await managed.exited;
      return livingMembersOfGroup(group);
    },
    stop: () => managed.stop(10_000),
  };
}

/** Processes (not zombies) still in process group `group`, read from /proc. */
async function livingMembersOfGroup(group: number): Promise<number[]> {
  return (await processGroupMembers(group)).filter((member) => member.state !== 'Z').map((member) => member.pid);
}
