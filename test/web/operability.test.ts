import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { findFreePort } from '../../scripts/support/free-port';
import { securityHeaders } from '../../web/server/http/security-headers';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { terminateDialogs } from '../support/dialogs';
import { createLine, createUser, TEST_PASSWORD } from '../support/fixtures';
import { createDb, type Database } from '../../db/client';
import { startWebServer } from '../support/web-server';

/**
 * What an operator of the deployment relies on, against the production build (`next start`): the
 * readiness probe, the Prometheus endpoint, the security headers, the Origin check on cookie-
 * authenticated APIs, and the refusal to start without OPENLINES_SECRET.
 */
const METRICS_TOKEN = 'metrics-token-for-tests-0123456789';
type WebServer = { url: string; stop(): Promise<void> };

let database: TestDatabase;
let db: Database;
let temporal: Client;
/** Up: Temporal reachable, METRICS_TOKEN set. */
let web: WebServer;
/** Temporal at a closed port, no METRICS_TOKEN. */
let cutOff: WebServer;
const taskQueue = `test-operability-${randomUUID()}`;
const dialogIds: number[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDb(database.url);
  temporal = new Client({ connection: await Connection.connect({ address: inject('temporalAddress') }) });
  const closedPort = await findFreePort();
  [web, cutOff] = await Promise.all([
    startWebServer({ databaseUrl: database.url, taskQueue, env: { METRICS_TOKEN } }),
    startWebServer({ databaseUrl: database.url, taskQueue, temporalAddress: `127.0.0.1:${closedPort}` }),
  ]);
}, 180_000);

afterAll(async () => {
  await terminateDialogs(temporal, dialogIds);
  await Promise.all([web?.stop(), cutOff?.stop()]);
  await temporal?.connection.close();
  await db?.destroy();
  await database?.destroy();
});

describe('/api/ready', () => {
  it('answers 200 when PostgreSQL and Temporal answer', async () => {
    const response = await fetch(`${web.url}/api/ready`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ready: true, checks: { postgres: 'up', temporal: 'up' } });
  });

  it('answers 503 naming Temporal when Temporal is unreachable', async () => {
    const response = await fetch(`${cutOff.url}/api/ready`);
    expect(response.status).toBe(503);
    const body = (await response.json()) as { ready: boolean; error: string; checks: Record<string, string> };
    expect(body.ready).toBe(false);
    expect(body.error).toMatch(/^not ready: Temporal is down \(/);
    expect(body.error).not.toMatch(/PostgreSQL/);
    expect(body.checks.postgres).toBe('up');
    // Liveness is unaffected: the process itself is fine.
    expect((await fetch(`${cutOff.url}/api/health`)).status).toBe(200);
  });
});

describe('/api/metrics', () => {
  it('is off (404) without METRICS_TOKEN, and says how to turn it on', async () => {
    const response = await fetch(`${cutOff.url}/api/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: 'metrics are off; set METRICS_TOKEN' });
  });

  it('refuses a missing or wrong token with 401', async () => {
    expect((await fetch(`${web.url}/api/metrics`)).status).toBe(401);
    const wrong = await fetch(`${web.url}/api/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}x` } });
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).not.toContain('openlines_');
  });

  it('counts inbound messages and signal latency, and reports open and queued dialogs per line', async () => {
    // No worker polls this task queue, so every dialog stays queued until the test moves it.
    const busy = await createLine(db, { name: 'Bikes' });
    const calm = await createLine(db, { name: 'Returns' });
    for (let i = 0; i < 3; i++) dialogIds.push(await sendWidgetMessage(busy.channelKey, `question ${i}`));
    const answered = await sendWidgetMessage(calm.channelKey, 'where is my parcel?');
    const closed = await sendWidgetMessage(calm.channelKey, 'never mind');
    dialogIds.push(answered, closed);
    await db.updateTable('dialogs').set({ status: 'in_work' }).where('id', '=', answered).execute();
    await db.updateTable('dialogs').set({ status: 'closed', closed_at: new Date() }).where('id', '=', closed).execute();

    const response = await fetch(`${web.url}/api/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await response.text();
    expect(sample(text, 'openlines_inbound_messages_total{channel_kind="widget"}')).toBe(5);
    expect(sample(text, 'openlines_inbound_signal_seconds_count')).toBe(5);
    expect(sample(text, `openlines_queued_dialogs{line_id="${busy.lineId}",line_name="Bikes"}`)).toBe(3);
    expect(sample(text, `openlines_open_dialogs{line_id="${busy.lineId}",line_name="Bikes"}`)).toBe(3);
    expect(sample(text, `openlines_queued_dialogs{line_id="${calm.lineId}",line_name="Returns"}`)).toBe(0);
    expect(sample(text, `openlines_open_dialogs{line_id="${calm.lineId}",line_name="Returns"}`)).toBe(1);
    expect(text).toContain('process_cpu_seconds_total');
  });
});

describe('security headers', () => {
  const common = {
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'strict-origin-when-cross-origin',
    'permissions-policy': expect.stringContaining('camera=()'),
  };

  it('forbid framing of app pages and API routes', async () => {
    for (const path of ['/login', '/api/health']) {
      const response = await fetch(`${web.url}${path}`);
      expect(response.status, path).toBe(200);
      const headers = Object.fromEntries(response.headers);
      expect(headers, path).toMatchObject({ ...common, 'x-frame-options': 'DENY' });
      expect(headers['content-security-policy'], path).toContain("frame-ancestors 'none'");
      expect(headers['content-security-policy'], path).toContain("object-src 'none'");
      expect(headers['content-security-policy'], path).not.toContain('unsafe-eval');
      // PUBLIC_URL is http here: no HSTS, which would break plain-http access.
      expect(headers['strict-transport-security'], path).toBeUndefined();
    }
  });

  it('let any site embed the hosted widget', async () => {
    const { channelKey } = await createLine(db);
    const response = await fetch(`${web.url}/widget/${channelKey}`);
    expect(response.status).toBe(200);
    const headers = Object.fromEntries(response.headers);
    expect(headers).toMatchObject(common);
    expect(headers['content-security-policy']).toContain('frame-ancestors http: https:');
    expect(headers['x-frame-options']).toBeUndefined();
  });

  it('include HSTS when PUBLIC_URL is https', () => {
    const headers = securityHeaders('/inbox', { publicUrl: 'https://chat.example.com', development: false });
    expect(headers['Strict-Transport-Security']).toBe('max-age=31536000; includeSubDomains');
  });
});

describe('the Origin check on state-changing requests', () => {
  it('refuses a cross-origin tRPC mutation with 403 and runs a same-origin one', async () => {
    const operator = await createUser(db, 'manager', 'Olga Operator');
    const cookie = await signIn(operator.email);
    const setPresence = (headers: Record<string, string>) =>
      fetch(`${web.url}/api/trpc/availability.setPresence`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie, ...headers },
        body: JSON.stringify({ json: { presence: 'away' } }),
      });
    const presence = async () =>
      (await db.selectFrom('operator_states').select('presence').where('user_id', '=', operator.id).executeTakeFirstOrThrow()).presence;

    const crossOrigin = await setPresence({ origin: 'https://evil.example' });
    expect(crossOrigin.status).toBe(403);
    expect(await crossOrigin.json()).toEqual({
      error: `cross-origin request refused: Origin https://evil.example is not ${web.url} (PUBLIC_URL)`,
    });
    const withoutOrigin = await setPresence({});
    expect(withoutOrigin.status).toBe(403);
    expect(((await withoutOrigin.json()) as { error: string }).error).toContain('must carry an Origin or Referer header');
    expect(await presence()).toBe('online');

    const sameOrigin = await setPresence({ origin: web.url });
    expect(sameOrigin.status).toBe(200);
    expect(await presence()).toBe('away');
    // A Referer from one of the app's own pages stands in for a missing Origin.
    expect((await setPresence({ referer: `${web.url}/inbox` })).status).toBe(200);
  });

  it('refuses a cross-origin sign-in and leaves the widget API open to other sites', async () => {
    const operator = await createUser(db, 'manager');
    const signInFromElsewhere = await fetch(`${web.url}/api/auth/sign-in/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://evil.example' },
      body: JSON.stringify({ email: operator.email, password: TEST_PASSWORD }),
    });
    expect(signInFromElsewhere.status).toBe(403);
    expect(await signInFromElsewhere.json()).toEqual({
      error: `cross-origin request refused: Origin https://evil.example is not ${web.url} (PUBLIC_URL)`,
    });

    const { channelKey } = await createLine(db);
    const session = await fetch(`${web.url}/api/widget/${channelKey}/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://shop.example' },
      body: '{}',
    });
    expect(session.status).toBe(200);
  });
});

describe('compression of API answers', () => {
  const gzip = { 'accept-encoding': 'gzip' };

  it('sends a small JSON answer as it is, without a gzip stream of its own', async () => {
    const response = await fetch(`${web.url}/api/widget/no-such-channel/appearance`, { headers: gzip });
    expect(response.status).toBe(404);
    expect(response.headers.get('content-encoding')).toBeNull();
    expect(response.headers.get('cache-control')).toBe('no-store, no-transform');
  });

  it('still compresses a JSON answer over 1 KiB', async () => {
    // A batch of twelve unknown procedures: twelve error bodies, about 3 KB of JSON.
    const paths = Array.from({ length: 12 }, (_, i) => `noSuchProcedure${i}`).join(',');
    const response = await fetch(`${web.url}/api/trpc/${paths}?batch=1&input=%7B%7D`, { headers: gzip });
    expect(response.headers.get('content-encoding')).toBe('gzip');
    expect((await response.text()).length).toBeGreaterThan(1024);
  });
});

describe('start-up', () => {
  it('a production web server without OPENLINES_SECRET exits and names the variable and the fix', async () => {
    const port = await findFreePort();
    const environment: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1', DATABASE_URL: database.url, PORT: String(port) };
    delete environment.OPENLINES_SECRET;
    const server = spawn(join(import.meta.dirname, '..', '..', 'node_modules', '.bin', 'next'), ['start', 'web', '-p', String(port), '-H', '127.0.0.1'], {
      cwd: join(import.meta.dirname, '..', '..'),
      env: environment,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    server.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const exitCode = await new Promise<number | null>((resolve) => server.once('exit', resolve));
    expect(exitCode).toBe(1);
    expect(stderr).toContain('OPENLINES_SECRET: is not set');
    expect(stderr).toContain('openssl rand -hex 32');
  });
});

/** A visitor's first message through the widget HTTP API; returns its dialog id. */
async function sendWidgetMessage(channelKey: string, text: string): Promise<number> {
  const sessionResponse = await fetch(`${web.url}/api/widget/${channelKey}/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  const { token } = (await sessionResponse.json()) as { token: string };
  const response = await fetch(`${web.url}/api/widget/${channelKey}/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ clientMessageId: randomUUID(), text }),
  });
  const body = (await response.json()) as { dialogId: number };
  if (!response.ok) throw new Error(`widget message: HTTP ${response.status} ${JSON.stringify(body)}`);
  return body.dialogId;
}

async function signIn(email: string): Promise<string> {
  const response = await fetch(`${web.url}/api/auth/sign-in/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: web.url },
    body: JSON.stringify({ email, password: TEST_PASSWORD }),
  });
  if (!response.ok) throw new Error(`sign-in: HTTP ${response.status} ${await response.text()}`);
  return response.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
}

/** The value of one sample line (`name{labels} value`) of the Prometheus text, or undefined. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}
