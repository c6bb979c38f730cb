import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { insertFlow, insertFlowVersion } from '../../db/queries/flows';
import { FLOW_SCHEMA_VERSION, flowDocumentSchema, type FlowDocument } from '../../domain/flows/document';
import { createLine, createUser } from '../support/fixtures';
import { signInTo } from '../support/sign-in';
import { useProductStack } from '../support/product-stack';

/**
 * An admin draws a bot flow in a real Chromium against the production web build: nodes from the
 * palette (a click and a drag), connections drawn with the mouse between handles, the message
 * typed in the side panel, then validated and published as version 1.
 */
const stack = useProductStack();

const signIn = (page: Page, email: string, next: string) => signInTo(page, stack.url, email, next);

/** Drags with the mouse from one handle to another, as a person connects two steps. */
async function connect(page: Page, from: Locator, to: Locator) {
  const start = await from.boundingBox();
  const end = await to.boundingBox();
  if (!start || !end) throw new Error('a handle is not on screen');
  await page.mouse.move(start.x + start.width / 2, start.y + start.height / 2);
  await page.mouse.down();
  await page.mouse.move(end.x + end.width / 2, end.y + end.height / 2, { steps: 12 });
  await page.mouse.up();
}

describe('the flow editor', () => {
  it('builds start → send message → hand off with the palette and the mouse, publishes it, and a visitor chats with it through the widget', async () => {
    const admin = await createUser(stack.worker.db, 'admin');
    const page = await (await stack.browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
    await signIn(page, admin.email, '/admin/flows');

    await page.getByRole('button', { name: 'New flow' }).first().click();
    await page.getByLabel('Name of the new flow').fill('Welcome bot');
    await page.getByRole('radio', { name: 'Bot' }).check();
    await page.getByRole('button', { name: 'Create flow' }).click();
    await page.waitForURL(/\/admin\/flows\/\d+$/);
    const flowId = Number(new URL(page.url()).pathname.split('/').at(-1));
    await page.getByRole('group', { name: 'Start node' }).waitFor();

    // A click adds a step in the middle of the view; a drag drops it where the mouse lets go.
    await page.getByRole('button', { name: 'Add Send message' }).click();
    await page.getByRole('group', { name: 'Send message node' }).waitFor();
    const canvas = page.locator('.react-flow__pane');
    const canvasBox = (await canvas.boundingBox())!;
    await page.getByRole('button', { name: 'Add Hand off' }).dragTo(canvas, { targetPosition: { x: canvasBox.width * 0.75, y: canvasBox.height * 0.25 } });
    await page.getByRole('group', { name: 'Hand off node' }).waitFor();
    // Both are unfinished: not connected, and the message is empty.
    await page.getByRole('button', { name: /^\d+ problems$/ }).waitFor();

    await connect(page, page.getByLabel('Start: Next output'), page.getByLabel('Send message: input'));
    await page.getByRole('group', { name: 'Start (Next) to Send message' }).waitFor();
    await connect(page, page.getByLabel('Send message: Next output'), page.getByLabel('Hand off: input'));
    await page.getByRole('group', { name: 'Send message (Next) to Hand off' }).waitFor();

    await page.getByRole('group', { name: 'Send message node' }).click();
    await page.getByRole('heading', { name: 'Send message' }).waitFor();
    await page.getByLabel('Message', { exact: true }).fill('Hello! An operator will be with you shortly.');
    // The card on the canvas shows the text as it is typed.
    await page.getByRole('group', { name: 'Send message node' }).getByText('Hello! An operator will be with you shortly.').waitFor();

    await page.getByRole('button', { name: 'Validate' }).click();
    await page.getByText('No problems: the draft can be published.').waitFor();
    expect(await page.getByRole('button', { name: /^\d+ problems?$/ }).count()).toBe(0);

    await page.getByRole('button', { name: 'Publish' }).click();
    await page.getByText('Version 1 published').waitFor();
    await page.getByRole('status').getByText('Published v1').waitFor();
    await page.getByRole('status').getByText('Draft saved').waitFor();

    // The simulator runs the draft in the browser: the message, then the hand-off.
    await page.getByRole('button', { name: 'Test' }).click();
    const chat = page.getByRole('log', { name: 'Test conversation' });
    await chat.getByText('Hello! An operator will be with you shortly.').waitFor();
    await page.getByRole('status').getByText('Handed off to this line’s operators.').waitFor();

    const version = await stack.worker.db.selectFrom('flow_versions').select(['version', 'document']).where('flow_id', '=', flowId).executeTakeFirstOrThrow();
    expect(version.version).toBe(1);
    const published = flowDocumentSchema.parse(version.document);
    const byKind = (kind: string) => published.nodes.find((node) => node.kind === kind)!;
    expect(byKind('send_message')).toMatchObject({ text: 'Hello! An operator will be with you shortly.' });
    expect(published.edges.map((edge) => [edge.source, edge.sourceHandle, edge.target])).toEqual([
      [byKind('start').id, 'next', byKind('send_message').id],
      [byKind('send_message').id, 'next', byKind('handoff').id],
    ]);

    // The admin makes it the line's welcome bot in the line editor…
    const operator = await createUser(stack.worker.db, 'manager', 'Olga Operator');
    const { lineId, channelKey } = await createLine(stack.worker.db, { name: 'Shop', operators: [operator.id], settings: { greeting: { enabled: false } } });
    await page.goto(`${stack.url}/admin/lines/${lineId}`);
    await page.getByLabel('Welcome bot', { exact: true }).selectOption(String(flowId));
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Line saved').waitFor();

    // …and a visitor writing in the widget is answered by the bot, then handed to the operator.
    const visitor = await (await stack.browser.newContext()).newPage();
    await visitor.goto(`${stack.url}/widget/${channelKey}`);
    await visitor.getByRole('heading', { name: 'Ask us anything' }).waitFor();
    await visitor.getByLabel('Your message').fill('Hi, is anyone there?');
    await visitor.keyboard.press('Enter');
    await visitor.getByRole('log', { name: 'Conversation' }).getByText('Hello! An operator will be with you shortly.').waitFor();
    await expect
      .poll(async () => (await stack.worker.db.selectFrom('dialog_offers as o').innerJoin('dialogs as d', 'd.id', 'o.dialog_id').select('o.user_id').where('d.line_id', '=', lineId).execute()).map((o) => o.user_id), { timeout: 20_000 })
      .toEqual([operator.id]);
  });

  it('deletes a node with the keyboard and undoes it, shows an old version read only and rolls back to it', async () => {
    const admin = await createUser(stack.worker.db, 'admin');
    const greeting = (text: string): FlowDocument => ({
      schemaVersion: FLOW_SCHEMA_VERSION,
      kind: 'bot',
      nodes: [
        { id: 'start', kind: 'start', position: { x: 0, y: 0 } },
        { id: 'hello', kind: 'send_message', position: { x: 320, y: 0 }, text, buttons: [], attachments: [] },
        { id: 'operators', kind: 'handoff', position: { x: 640, y: 0 }, lineId: null },
      ],
      edges: [
        { id: 'e1', source: 'start', sourceHandle: 'next', target: 'hello' },
        { id: 'e2', source: 'hello', sourceHandle: 'next', target: 'operators' },
      ],
      variables: [],
    });
    const flowId = await insertFlow(stack.worker.db, { name: 'Greeter', kind: 'bot', draft: greeting('Version two'), userId: admin.id });
    await stack.worker.db.transaction().execute(async (trx) => {
      await insertFlowVersion(trx, flowId, greeting('Version one'), admin.id);
      await insertFlowVersion(trx, flowId, greeting('Version two'), admin.id);
    });
    const page = await (await stack.browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
    await signIn(page, admin.email, `/admin/flows/${flowId}`);
    await page.getByRole('status').getByText('Published v2').waitFor();

    const message = page.getByRole('group', { name: 'Send message node' });
    await message.click();
    await page.keyboard.press('Delete');
    await message.waitFor({ state: 'detached' });
    await page.getByRole('status').getByText('Unsaved changes').waitFor();
    await page.keyboard.press('Control+z');
    await message.getByText('Version two').waitFor();
    // A straight connection has no height: Playwright calls it hidden, so wait for it in the DOM.
    await page.getByRole('group', { name: 'Start (Next) to Send message' }).waitFor({ state: 'attached' });
    await page.getByRole('status').getByText('Draft saved').waitFor();

    await page.getByRole('button', { name: 'Versions' }).click();
    const versions = page.getByRole('list', { name: 'Published versions' });
    await versions.getByRole('listitem').nth(1).waitFor();
    expect(await versions.getByRole('listitem').allTextContents()).toEqual([expect.stringMatching(/^Version 2 Live/), expect.stringMatching(/^Version 1/)]);
    await page.getByRole('button', { name: 'View version 1' }).click();
    await page.getByText('read only').waitFor();
    await message.getByText('Version one').waitFor();

    await page.getByRole('button', { name: 'Roll back to this version' }).click();
    await page.getByRole('dialog', { name: 'Roll back to version 1?' }).getByRole('button', { name: 'Roll back' }).click();
    await page.getByText('Rolled back to version 1').waitFor();
    await page.getByRole('status').getByText('Published v3').waitFor();
    await message.getByText('Version one').waitFor();
    expect(await page.getByText('read only').count()).toBe(0);

    const latest = await stack.worker.db.selectFrom('flow_versions').select(['version', 'document']).where('flow_id', '=', flowId).orderBy('version', 'desc').executeTakeFirstOrThrow();
    expect(latest.version).toBe(3);
    expect(flowDocumentSchema.parse(latest.document).nodes[1]).toMatchObject({ text: 'Version one' });
  });
});
