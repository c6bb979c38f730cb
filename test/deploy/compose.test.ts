import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { configSchema, parseConfig } from '../../domain/config';
import { withWorkerHeap } from '../../worker/heap';

/**
 * Keeps docker-compose.yml honest: the app services may only set variables that domain/config.ts
 * knows, their values must pass its schema, and they must point at the compose file's own servers.
 */
const repoRoot = join(import.meta.dirname, '..', '..');
type ComposeService = {
  build?: string | { context?: string; dockerfile?: string };
  command?: string | string[];
  environment?: Record<string, string | number | boolean | null> | string[];
  depends_on?: string[] | Record<string, { condition?: string }>;
  healthcheck?: { test?: string | string[]; disable?: boolean };
  cpu_shares?: number;
};
const compose = parse(readFileSync(join(repoRoot, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, ComposeService>;
};
const appServices = ['migrate', 'worker', 'web'] as const;
// NODE_OPTIONS is Node's own: the worker's heap limit (WORKER_HEAP_MIB) reaches it that way.
const knownVariables = new Set([...Object.keys(configSchema.shape), 'NODE_OPTIONS']);

/** Values for `${VAR:?message}` variables, which the operator must supply. */
const requiredVariableStandIns: Record<string, string> = {
  OPENLINES_SECRET: 'x'.repeat(64),
};

function service(name: string): ComposeService {
  const found = compose.services[name];
  if (!found) throw new Error(`docker-compose.yml has no service "${name}"`);
  return found;
}

function environmentOf(name: string): Record<string, string> {
  const environment = service(name).environment ?? {};
  const entries = Array.isArray(environment)
    ? environment.map((item) => {
        const [key = '', ...value] = item.split('=');
        return [key, value.join('=')] as const;
      })
    : Object.entries(environment).map(([key, value]) => [key, value === null ? '' : String(value)] as const);
  return Object.fromEntries(entries.map(([key, value]) => [key, interpolate(value)]));
}

/** Compose's variable interpolation, as it behaves when the operator sets only what is required. */
function interpolate(value: string): string {
  return value
    .replace(/\$\{(\w+)(?::?([-?])([^}]*))?\}/g, (_match, variable: string, kind?: string, rest?: string) => {
      if (kind === '-') return rest ?? '';
      const standIn = requiredVariableStandIns[variable];
      if (standIn === undefined) throw new Error(`no stand-in value for required variable ${variable}`);
      return standIn;
    })
    .replace(/\$\$/g, '$');
}

describe('docker-compose.yml', () => {
  test('has the database, Temporal and app services', () => {
    expect(Object.keys(compose.services)).toEqual(
      expect.arrayContaining(['postgres', 'temporal-postgresql', 'temporal', 'temporal-ui', ...appServices]),
    );
  });

  test.each(appServices)('%s is built from the Dockerfile', (name) => {
    const build = service(name).build;
    const context = typeof build === 'string' ? build : build?.context;
    const dockerfile = typeof build === 'object' ? (build.dockerfile ?? 'Dockerfile') : 'Dockerfile';
    expect(context, `${name} must have a build context`).toBeDefined();
    expect(existsSync(join(repoRoot, context ?? '', dockerfile))).toBe(true);
    expect(dockerfile).toBe('Dockerfile');
  });

  test('runs the web server, the worker and the migrations', () => {
    expect(service('web').command).toEqual(['node_modules/.bin/next', 'start', 'web']);
    expect(service('worker').command).toEqual(['node_modules/.bin/tsx', 'worker/main.ts']);
    expect(service('migrate').command).toEqual(['node_modules/.bin/tsx', 'db/migrate-cli.ts']);
  });

  test('the worker runs with the heap limit npm start gives it (WORKER_HEAP_MIB), not Node\'s default of several GiB', () => {
    expect(environmentOf('worker').NODE_OPTIONS).toBe(withWorkerHeap({}).NODE_OPTIONS);
  });

  test('on a shared host, the worker and Temporal yield the CPU to the web server and PostgreSQL, as npm start orders them (BACKGROUND_NICE)', () => {
    // Docker's default weight is 1024.
    const weight = (name: string) => service(name).cpu_shares ?? 1024;
    for (const background of ['worker', 'temporal', 'temporal-postgresql']) {
      for (const foreground of ['web', 'postgres']) expect(weight(background), `${background} against ${foreground}`).toBeLessThan(weight(foreground));
    }
  });

  test.each(appServices)('%s sets only variables domain/config.ts knows', (name) => {
    const unknown = Object.keys(environmentOf(name)).filter((key) => !knownVariables.has(key));
    expect(unknown, `not in configSchema: ${unknown.join(', ')}`).toEqual([]);
  });

  test.each(appServices)('%s environment passes parseConfig', (name) => {
    expect(() => parseConfig(environmentOf(name))).not.toThrow();
  });

  test.each(appServices)('%s uses the compose PostgreSQL with its credentials', (name) => {
    const { DATABASE_URL } = parseConfig(environmentOf(name));
    expect(DATABASE_URL).toBeDefined();
    const url = new URL(DATABASE_URL ?? '');
    const postgres = environmentOf('postgres');
    expect(url.hostname).toBe('postgres');
    expect(url.port || '5432').toBe('5432');
    expect(decodeURIComponent(url.username)).toBe(postgres.POSTGRES_USER);
    expect(decodeURIComponent(url.password)).toBe(postgres.POSTGRES_PASSWORD);
    expect(url.pathname).toBe(`/${postgres.POSTGRES_DB}`);
  });

  test.each(['worker', 'web'])('%s talks to the compose Temporal', (name) => {
    const config = parseConfig(environmentOf(name));
    expect(config.TEMPORAL_ADDRESS).toBe('temporal:7233');
    expect(environmentOf('temporal').DEFAULT_NAMESPACE).toBe(config.TEMPORAL_NAMESPACE);
    expect(config.OPENLINES_SECRET).toBeDefined();
  });

  test('web publishes its PORT', () => {
    const config = parseConfig(environmentOf('web'));
    expect((service('web') as { ports?: string[] }).ports).toContain(`${config.PORT}:${config.PORT}`);
  });

  test.each(['worker', 'web'])('%s starts only after migrations and a healthy Temporal', (name) => {
    expect(service(name).depends_on).toMatchObject({
      migrate: { condition: 'service_completed_successfully' },
      temporal: { condition: 'service_healthy' },
    });
  });

  test('web is healthy only when ready: its health check probes /api/ready on its PORT', () => {
    const config = parseConfig(environmentOf('web'));
    const probe = [service('web').healthcheck?.test ?? []].flat().join(' ');
    expect(probe).toContain(`http://127.0.0.1:${config.PORT}/api/ready`);
  });

  test('worker serves /health on WORKER_METRICS_PORT and its health check probes it', () => {
    const config = parseConfig(environmentOf('worker'));
    expect(config.WORKER_METRICS_PORT, 'the worker needs WORKER_METRICS_PORT to be checkable').toBeDefined();
    const probe = [service('worker').healthcheck?.test ?? []].flat().join(' ');
    expect(probe).toContain(`http://127.0.0.1:${config.WORKER_METRICS_PORT}/health`);
  });
});
