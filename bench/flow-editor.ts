import { randomBytes, randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import superjson from 'superjson';
import { createDb } from '../db/client';
import { createUserWithPassword } from '../db/seed';
import { FLOW_SCHEMA_VERSION, type FlowDocument, type FlowEdge, type FlowNode } from '../domain/flows/document';
import { validateFlow } from '../domain/flows/validate';
import { startWebServer } from '../scripts/support/web-server';
import { OperatorClient } from './support/operator-client';
import { percentile } from './support/percentiles';
import { benchServers } from './support/servers';

/**
 * `npm run bench:editor` — the flow editor with a big flow, in Chromium against the production web
 * build. Stores a valid N-node bot flow through the flows API, then prints the time from navigation
 * start until every node is on the canvas, and the frame times (requestAnimationFrame deltas, p50,
 * p95, max) while a node is dragged with the mouse for about two seconds.
 */
const { values } = parseArgs({ options: { nodes: { type: 'string', default: '300' }, seconds: { type: 'string', default: '2' } } });
const nodeCount = Number(values.nodes);
const dragSeconds = Number(values.seconds);
const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const PASSWORD = randomUUID();

/** start → (message, variable, condition)… → hand off: every branch connected, no loop, all reachable. */
function bigFlow(count: number): FlowDocument {
  const nodes: FlowNode[] = [];
  const edges: FlowEdge[] = [];
  const at = (i: number) => ({ x: (i % 15) * 300, y: Math.floor(i / 15) * 170 });
  nodes.push({ id: 'start', kind: 'start', position: at(0) });
  for (let i = 1; i < count - 1; i++) {
    const id = `n${i}`;
    const position = at(i);
    if (i % 3 === 1) nodes.push({ id, kind: 'send_message', position, text: `Step ${i}: hello {{contact.name}}`, buttons: [], attachments: [] });
    else if (i % 3 === 2) nodes.push({ id, kind: 'set_variable', position, target: { scope: 'variable', key: `v${i}` }, value: `value ${i}` });
    else nodes.push({ id, kind: 'condition', position, match: 'all', rules: [{ subject: { source: 'channel' }, operator: 'equals', value: 'widget' }] });
  }
  nodes.push({ id: 'handoff', kind: 'handoff', position: at(count - 1), lineId: null });
  for (let i = 0; i < nodes.length - 1; i++) {
    const source = nodes[i]!;
    const target = nodes[i + 1]!.id;
    const handles = source.kind === 'condition' ? ['true', 'false'] : ['next'];
    for (const handle of handles) edges.push({ id: `e${i}-${handle}`, source: source.id, sourceHandle: handle, target });
  }
  return { schemaVersion: FLOW_SCHEMA_VERSION, kind: 'bot', nodes, edges, variables: [] };
}

const flow = bigFlow(nodeCount);
const check = validateFlow(flow);
if (!check.ok) throw new Error(`the bench flow is not valid: ${check.problems.slice(0, 3).map((p) => p.message).join('; ')}`);

const servers = await benchServers();
const db = createDb(servers.databaseUrl, { max: 2 });
const web = await startWebServer({ databaseUrl: servers.databaseUrl, temporalAddress: servers.temporalAddress, taskQueue: `bench-editor-${randomUUID()}`, secret: randomBytes(32).toString('hex') });
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });

try {
  const email = `editor-${randomUUID().slice(0, 6)}@bench.local`;
  await createUserWithPassword(db, { email, name: 'Bench Admin', role: 'admin', password: PASSWORD });
  const api = await OperatorClient.signIn(web.url, email, PASSWORD);
  const created = superjson.deserialize<{ id: number }>(JSON.parse(String(await api.mutate('flows.create', { name: `Big flow (${nodeCount} nodes)`, kind: 'bot' }))).result.data);
  await api.mutate('flows.saveDraft', { flowId: created.id, document: flow });
  api.close();

  const page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
  await page.goto(`${web.url}/login?next=/admin/flows`);
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.pathname === '/admin/flows');

  console.log(`bench:editor: a ${nodeCount}-node flow (${flow.edges.length} connections), Chromium ${browser.version()}, viewport 1440×900`);
  const opens: number[] = [];
  for (let run = 0; run < 3; run++) {
    await page.goto(`${web.url}/admin/flows/${created.id}`);
    // Milliseconds since navigation start, when the last node is in the DOM.
    const openedAt = await page.waitForFunction((count) => (document.querySelectorAll('.react-flow__node').length >= count ? performance.now() : false), nodeCount, { polling: 'raf', timeout: 60_000 });
    opens.push((await openedAt.jsonValue()) as number);
  }
  console.log(`open (navigation start → ${nodeCount} nodes rendered): ${opens.map((ms) => `${ms.toFixed(0)} ms`).join(', ')}`);

  // Drag a node near the middle of the view in a slow circle for `dragSeconds`, recording frame gaps.
  const box = await page.locator('.react-flow__pane').boundingBox();
  if (!box) throw new Error('no canvas');
  const center = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  // Page scripts as strings: tsx would wrap named functions in a helper the page does not have.
  const target = (await page.evaluate(`(() => {
    const { x, y } = ${JSON.stringify(center)};
    const distance = (el) => {
      const r = el.getBoundingClientRect();
      return Math.hypot(r.x + r.width / 2 - x, r.y + r.height / 2 - y);
    };
    const nearest = [...document.querySelectorAll('.react-flow__node')].sort((a, b) => distance(a) - distance(b))[0];
    const r = nearest.querySelector('[class*="summary"]').getBoundingClientRect();
    return { x: r.x + r.width / 2, y: r.y + r.height / 2, id: nearest.dataset.id };
  })()`)) as { x: number; y: number; id: string };
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const metrics = async () => Object.fromEntries(((await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] }).metrics.map((m) => [m.name, m.value]));
  // Baseline: the same time with the mouse moving over the canvas without dragging (in headless
  // Chromium without a GPU, painting alone keeps the main thread busy).
  const idleBefore = await metrics();
  for (const started = Date.now(); Date.now() - started < dragSeconds * 1000; ) await page.mouse.move(center.x + Math.random() * 200, center.y + Math.random() * 100);
  const idleAfter = await metrics();
  console.log(`main thread while hovering for ${dragSeconds} s: tasks ${(((idleAfter.TaskDuration ?? 0) - (idleBefore.TaskDuration ?? 0)) * 1000).toFixed(0)} ms`);
  await page.evaluate(`(() => {
    const state = { frames: [], running: true };
    window.__frames = state;
    let last = performance.now();
    const tick = (now) => {
      state.frames.push(now - last);
      last = now;
      if (state.running) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  })()`);
  const before = await metrics();
  await page.mouse.move(target.x, target.y);
  await page.mouse.down();
  const started = Date.now();
  for (let step = 0; Date.now() - started < dragSeconds * 1000; step++) {
    const angle = step / 12;
    await page.mouse.move(target.x + 120 * Math.sin(angle) + step, target.y + 80 * (1 - Math.cos(angle)));
  }
  await page.mouse.up();
  const frames = (await page.evaluate('(() => { window.__frames.running = false; return window.__frames.frames.slice(1); })()')) as number[];
  const after = await metrics();
  const spent = (name: string) => `${(((after[name] ?? 0) - (before[name] ?? 0)) * 1000).toFixed(0)} ms`;
  const fmt = (ms: number) => `${ms.toFixed(1)} ms`;
  console.log(`drag (node ${target.id}, ${dragSeconds} s): ${frames.length} frames, p50 ${fmt(percentile(frames, 50))}, p95 ${fmt(percentile(frames, 95))}, max ${fmt(Math.max(...frames))}`);
  console.log(`main thread during the drag: tasks ${spent('TaskDuration')} (scripts ${spent('ScriptDuration')}, style ${spent('RecalcStyleDuration')}, layout ${spent('LayoutDuration')})`);
  const stored = await page.getByRole('status').getByText('Unsaved changes').isVisible();
  console.log(`after the drag the editor shows ${stored ? '“Unsaved changes” (the move is in the draft)' : 'no change (the drag did not move the node)'}`);
} finally {
  await browser.close();
  await web.stop();
  await db.destroy();
  await servers.stop();
}
