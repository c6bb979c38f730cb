import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchChromium } from './browser';
import { createTestDatabase, type TestDatabase } from './db';
import { startWebServer } from './web-server';
import type { InternalHostAllowList } from '../../domain/network/internal-host-allow-list';
import { startTestWorker, type RunningTestWorker } from './worker';
import { startedBy } from './started';

export interface ProductStack {
  /** The dialog worker (and its database handle and Temporal client). */
  readonly worker: RunningTestWorker;
  /** The production web server's base URL. */
  readonly url: string;
  readonly browser: Browser;
}

/**
 * The product as people use it, for browser tests: a database of this file's own, a real dialog
 * worker, the production web build served by `next start`, and a headless Chromium. Registers the
 * hooks that start and stop them; read the fields inside tests. `webEnv`: more variables for the web
 * server (called in beforeAll, after hooks registered before this one). `httpAllowList`: internal
 * hosts the worker's outgoing requests may reach (HTTP_ALLOWED_INTERNAL_HOSTS).
 */
export function useProductStack(
  options: { webEnv?: () => Promise<Record<string, string>> | Record<string, string>; httpAllowList?: InternalHostAllowList } = {},
): ProductStack {
  let database: TestDatabase | undefined;
  let worker: RunningTestWorker | undefined;
  let web: { url: string; stop(): Promise<void> } | undefined;
  let chromium: { browser: Browser; close(): Promise<void> } | undefined;

  beforeAll(async () => {
    database = await createTestDatabase();
    worker = await startTestWorker(database.url, { httpAllowList: options.httpAllowList });
    const env = (await options.webEnv?.()) ?? {};
    [web, chromium] = await Promise.all([startWebServer({ databaseUrl: database.url, taskQueue: worker.taskQueue, env }), launchChromium()]);
  }, 180_000);

  afterAll(async () => {
    await chromium?.close();
    await web?.stop();
    await worker?.stop();
    await database?.destroy();
  });

  const started = startedBy('useProductStack()');
  return {
    get worker() {
      return started(worker);
    },
    get url() {
      return started(web).url;
    },
    get browser() {
      return started(chromium).browser;
    },
  };
}
