import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { sendClientMessage, waitForState } from '../support/dialogs';
import { createLine, createUser } from '../support/fixtures';
import { useProductStack } from '../support/product-stack';
import { signInToInbox } from '../support/sign-in';
import { apiAs, sessionUser } from '../web/helpers';

/**
 * A supervisor works a colleague's dialog in the inbox of a real Chromium against the production
 * web build: the action bar and its modal dialogs work from the keyboard and hand focus back.
 */
const stack = useProductStack();

const focusedText = (page: Page) => page.evaluate(() => document.activeElement?.textContent ?? null);

describe('the dialog actions in the inbox', () => {
  it('transfer with a staff comment and cancel a spam report, from the keyboard', async () => {
    const deps = { db: stack.worker.db, temporal: stack.worker.client, taskQueue: stack.worker.taskQueue };
    const anna = await createUser(stack.worker.db, 'manager', 'Anna Operator');
    const boris = await createUser(stack.worker.db, 'manager', 'Boris Expert');
    const director = await createUser(stack.worker.db, 'director', 'Dana Director');
    const { channelId } = await createLine(stack.worker.db, { name: 'Support', operators: [anna.id], settings: { greeting: { enabled: false } } });
    const { dialogId } = await sendClientMessage(deps, channelId, { text: 'My warranty claim was refused' });
    await waitForState(stack.worker.client, dialogId, (s) => s.offeredTo.includes(anna.id));
    await apiAs(deps, sessionUser(anna, 'manager')).dialogs.take({ dialogId });

    const page = await (await stack.browser.newContext()).newPage();
    await signInToInbox(page, stack.url, director.email);
    await page.goto(`${stack.url}/inbox?tab=all&dialog=${dialogId}`);
    const actions = page.getByRole('group', { name: 'Dialog actions' });
    await actions.getByRole('button', { name: 'Take over' }).waitFor();

    await actions.getByRole('button', { name: 'Transfer' }).focus();
    await page.keyboard.press('Enter');
    const transfer = page.getByRole('dialog', { name: 'Transfer dialog' });
    await transfer.getByLabel('Search operators').fill('bor');
    await transfer.getByRole('radio', { name: /Boris Expert/ }).waitFor();
    expect(await transfer.getByRole('radio', { name: /Anna Operator/ }).count()).toBe(0);
    // From the search box, Tab reaches the list and Space picks the one match.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space');
    expect(await transfer.getByRole('radio', { name: /Boris Expert/ }).isChecked()).toBe(true);
    await transfer.getByLabel('Comment for colleagues').fill('Boris handles warranty appeals');
    await transfer.getByRole('button', { name: 'Transfer' }).click();
    await transfer.waitFor({ state: 'hidden' });
    expect(await focusedText(page)).toBe('Transfer');

    const history = page.getByRole('complementary', { name: 'Dialog details' });
    await history.getByText('Transferred by Dana Director from Anna Operator to Boris Expert').waitFor();
    await history.getByText('“Boris handles warranty appeals”').waitFor();
    const row = await stack.worker.db.selectFrom('dialogs').select(['operator_id', 'status']).where('id', '=', dialogId).executeTakeFirstOrThrow();
    expect(row.operator_id).toBe(boris.id);

    await actions.getByRole('button', { name: 'Spam' }).focus();
    await page.keyboard.press('Enter');
    const spam = page.getByRole('dialog', { name: 'Mark as spam?' });
    await spam.getByRole('checkbox', { name: /Also block this contact/ }).waitFor();
    await page.keyboard.press('Escape');
    await spam.waitFor({ state: 'hidden' });
    expect(await focusedText(page)).toBe('Spam');
    const stillOpen = await stack.worker.db.selectFrom('dialogs').select('status').where('id', '=', dialogId).executeTakeFirstOrThrow();
    expect(stillOpen.status).not.toBe('closed');
  });
});
