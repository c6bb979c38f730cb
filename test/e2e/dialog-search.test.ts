import { describe, expect, it } from 'vitest';
import { insertDialog } from '../web/helpers';
import { createLine, createUser } from '../support/fixtures';
import { useProductStack } from '../support/product-stack';
import { signInTo } from '../support/sign-in';

/** Dialog history (issue 11): an operator finds their closed dialog by a phrase, reads it, and the URL keeps the filters. */
const stack = useProductStack();

describe('dialog history', () => {
  it('finds a closed dialog by a phrase from it, opens it read-only, and a reload keeps the filters', async () => {
    const db = stack.worker.db;
    const olga = await createUser(db, 'manager', 'Olga Operator');
    const pavel = await createUser(db, 'manager', 'Pavel Colleague');
    const line = await createLine(db, { operators: [olga.id, pavel.id], name: 'Support' });
    const closed = await insertDialog(db, { lineId: line.lineId, channelId: line.channelId, status: 'closed', operatorId: olga.id, contactName: 'Greta Client', text: 'The blue kettle I ordered arrived with a cracked lid' });
    await db.insertInto('messages').values({ dialog_id: closed, channel_id: line.channelId, author_kind: 'operator', author_user_id: olga.id, text: 'Sorry about that! A replacement lid is on its way.' }).execute();
    // A colleague's dialog with the same words stays out of Olga's history.
    await insertDialog(db, { lineId: line.lineId, channelId: line.channelId, status: 'closed', operatorId: pavel.id, contactName: 'Hidden Client', text: 'My kettle arrived with a cracked lid too' });

    const page = await (await stack.browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
    await signInTo(page, stack.url, olga.email, '/inbox/history');
    await page.getByRole('searchbox', { name: 'Search message texts' }).fill('"cracked lid"');
    await page.getByRole('searchbox', { name: 'Search message texts' }).press('Enter');
    const results = page.getByRole('list', { name: 'Dialogs found' });
    const hit = results.getByRole('button', { name: /Greta Client/ });
    await hit.waitFor();
    await expect.poll(() => results.getByRole('button').count()).toBe(1);
    expect(await hit.locator('mark').allTextContents()).toEqual(['cracked', 'lid']);

    await page.locator('summary', { hasText: 'Filters' }).click();
    await page.getByRole('checkbox', { name: 'Closed' }).check();
    await hit.click();
    const thread = page.getByRole('article', { name: `Dialog #${closed} with Greta Client` });
    await thread.getByText('A replacement lid is on its way.').waitFor();
    await thread.getByText('Read-only: this dialog is closed.').waitFor();
    expect(await page.locator('#reply-text').count()).toBe(0);

    // The URL holds the search, the filter and the open dialog: a reload shows the same view.
    await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe('"cracked lid"');
    await page.reload();
    expect(await page.getByRole('searchbox', { name: 'Search message texts' }).inputValue()).toBe('"cracked lid"');
    expect(await page.getByRole('checkbox', { name: 'Closed' }).isChecked()).toBe(true);
    await page.getByRole('list', { name: 'Dialogs found' }).getByRole('button', { name: /Greta Client/ }).waitFor();
    await page.getByRole('article', { name: `Dialog #${closed} with Greta Client` }).getByText('The blue kettle I ordered arrived with a cracked lid').waitFor();

    // A range that ends before it starts is named on its field.
    await page.getByLabel('Created from').fill('2026-03-10');
    await page.getByLabel('Created to').fill('2026-03-01');
    await page.getByText(/must be on or after the created “from” date/).waitFor();
  });
});
