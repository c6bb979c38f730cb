import { sql } from 'kysely';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { insertFlowPath } from '../../db/queries/flow-analytics';
import type { FlowPathStep } from '../../domain/flows/analytics';
import { createLine, createUser } from '../support/fixtures';
import { publishFlow, triageBot } from '../support/flows';
import { useProductStack } from '../support/product-stack';
import { signInTo } from '../support/sign-in';
import { insertDialog } from '../web/helpers';

/**
 * Flow analytics on the canvas (issue 12), in Chromium against the production build: an admin
 * opens a published bot's analytics, reads the dialogs per node and edge, the drop-off and the
 * table, and a shorter period changes the numbers. The paths are stored with `insertFlowPath`
 * (what the dialog workflow's activity calls; test/integration/flow-analytics.test.ts runs real
 * dialogs through it) and some are moved 20 days back.
 */
const stack = useProductStack();

function path(flowId: number, ...steps: [string, string | null][]): FlowPathStep[] {
  return steps.map(([nodeId, handle]) => ({ flowId, version: 1, nodeId, handle }));
}

const edgeLabel = (page: Page, edgeId: string) => page.locator(`[data-edge-id="${edgeId}"]`);

describe('flow analytics on the canvas', () => {
  it('shows dialogs per node and edge with the drop-off, as a table too, and follows the period', async () => {
    const db = stack.worker.db;
    const admin = await createUser(db, 'admin');
    const flowId = await publishFlow(db, 'Triage bot', triageBot);
    const line = await createLine(db);
    const toSales = path(flowId, ['start', 'next'], ['need', 'next'], ['isPrice', 'true'], ['sales', null]);
    const toSupport = path(flowId, ['start', 'next'], ['need', 'next'], ['isPrice', 'false'], ['support', null]);
    const quiet = path(flowId, ['start', 'next'], ['need', null]);
    // This week: two to sales, one went quiet at the question. Twenty days ago: one to support, one quiet.
    for (const [steps, daysAgo] of [[toSales, 0], [toSales, 0], [quiet, 0], [toSupport, 20], [quiet, 20]] as const) {
      const dialogId = await insertDialog(db, { ...line, status: 'closed' });
      await insertFlowPath(db, dialogId, new Date(), steps);
      if (daysAgo > 0) await sql`update flow_path_steps set recorded_at = now() - make_interval(days => ${daysAgo}) where dialog_id = ${dialogId}`.execute(db);
    }

    const page = await (await stack.browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
    await signInTo(page, stack.url, admin.email, `/admin/flows/${flowId}`);
    await page.getByRole('button', { name: 'Versions' }).click();
    await page.getByRole('button', { name: 'Analytics of version 1' }).click();

    // The last 30 days by default.
    await expect.poll(() => page.getByTestId('analytics-entered').textContent()).toBe('5');
    expect(await page.getByRole('combobox', { name: 'Period' }).inputValue()).toBe('30');
    expect(await page.getByTestId('analytics-dropped-off').textContent()).toMatch(/^2\s+40%$/);
    expect(await page.getByTestId('analytics-finished').textContent()).toMatch(/^3\s+60%$/);
    expect(await page.getByTestId('analytics-biggest').textContent()).toBe('What do you need · 2');
    const need = page.getByRole('group', { name: 'What do you need node' });
    expect(await need.getByTestId('node-analytics').textContent()).toBe('5 dialogs2 dropped off (40%)Biggest drop-off');
    expect(await page.getByRole('group', { name: 'Asks for prices node' }).getByTestId('node-analytics').textContent()).toBe('3 dialogs');
    expect(await edgeLabel(page, 'toNeed').textContent()).toBe('5');
    expect(await edgeLabel(page, 'toCheck').textContent()).toBe('3');
    expect(await edgeLabel(page, 'toSales').textContent()).toBe('2');
    expect(await edgeLabel(page, 'toSupport').textContent()).toBe('1');
    // The busier edge is drawn thicker.
    const width = async (edgeId: string) => Number.parseFloat(await page.locator(`[data-id="${edgeId}"] path.react-flow__edge-path`).evaluate((el) => getComputedStyle(el).strokeWidth));
    expect(await width('toSales')).toBeGreaterThan(await width('toSupport'));
    // Read only: nothing to drag or delete.
    expect(await page.locator('.react-flow__node.draggable').count()).toBe(0);

    // The same figures as a table.
    await page.getByRole('button', { name: 'Show as table' }).click();
    const table = page.getByRole('table', { name: /^Version 1, .*: dialogs per node$/ });
    const row = (title: string) => table.getByRole('row', { name: new RegExp(`^${title}`) });
    expect(await row('What do you need').getByRole('cell').allTextContents()).toEqual(['5', 'Next: 3Invalid answer: 0', '2 (40%)', '—']);
    expect(await row('Asks for prices').getByRole('cell').allTextContents()).toEqual(['3', 'Yes: 2No: 1', '0 (0%)', '—']);
    expect(await row('To sales').getByRole('cell').allTextContents()).toEqual(['2', '—', '—', '2']);
    await page.getByRole('button', { name: 'Show the canvas' }).click();

    // The last 7 days: the dialogs of twenty days ago are gone.
    await page.getByRole('combobox', { name: 'Period' }).selectOption('7');
    await expect.poll(() => page.getByTestId('analytics-entered').textContent()).toBe('3');
    expect(await edgeLabel(page, 'toSupport').textContent()).toBe('0');
    expect(await edgeLabel(page, 'toSales').textContent()).toBe('2');
    expect(await need.getByTestId('node-analytics').textContent()).toBe('3 dialogs1 dropped off (33.3%)Biggest drop-off');

    // A custom period without dialogs: the empty state.
    await page.getByRole('combobox', { name: 'Period' }).selectOption('custom');
    await page.getByLabel('From', { exact: true }).fill('2020-01-01');
    await page.getByLabel('To', { exact: true }).fill('2020-01-31');
    await page.getByRole('status').getByText('No dialogs in this period').waitFor();
    expect(await page.getByTestId('node-analytics').count()).toBe(0);
  });
});
