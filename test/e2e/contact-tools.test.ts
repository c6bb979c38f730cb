import { describe, expect, it } from 'vitest';
import { createLine, createUser } from '../support/fixtures';
import { useProductStack } from '../support/product-stack';
import { signInToInbox } from '../support/sign-in';
import { insertDialog } from '../web/helpers';

/** Contact and lead tools on the client record (issue 11 item 6), in Chromium against the production build. */
const stack = useProductStack();

describe('contact tools', () => {
  it('unblock the client, add and remove tags, create a lead and change its status', async () => {
    const db = stack.worker.db;
    const operator = await createUser(db, 'manager', 'Olga Operator');
    const line = await createLine(db, { operators: [operator.id] });
    const dialogId = await insertDialog(db, { ...line, status: 'in_work', operatorId: operator.id, contactName: 'Carla Client' });
    const contact = await db.selectFrom('dialogs').select('contact_id').where('id', '=', dialogId).executeTakeFirstOrThrow();
    await db.updateTable('contacts').set({ blocked: true }).where('id', '=', contact.contact_id).execute();
    const stored = () => db.selectFrom('contacts').select(['blocked', 'tags']).where('id', '=', contact.contact_id).executeTakeFirstOrThrow();

    const page = await (await stack.browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
    await signInToInbox(page, stack.url, operator.email);
    await page.goto(`${stack.url}/inbox?tab=mine&dialog=${dialogId}`);
    const record = page.getByRole('region', { name: 'Client record' });

    await record.getByText('Blocked', { exact: true }).waitFor();
    await record.getByRole('button', { name: 'Unblock' }).click();
    await record.getByText('Blocked', { exact: true }).waitFor({ state: 'detached' });
    expect((await stored()).blocked).toBe(false);

    const tagField = record.getByLabel('Add a tag');
    await tagField.fill('vip');
    await tagField.press('Enter');
    await record.getByRole('button', { name: 'Remove tag vip' }).waitFor();
    await tagField.fill('wholesale');
    await tagField.press('Enter');
    await record.getByRole('button', { name: 'Remove tag wholesale' }).waitFor();
    await record.getByRole('button', { name: 'Remove tag vip' }).click();
    await record.getByRole('button', { name: 'Remove tag vip' }).waitFor({ state: 'detached' });
    expect((await stored()).tags).toEqual(['wholesale']);
    // The field refuses typing past the limit, so a too-long tag can only come from elsewhere: the server names it (server test).

    await record.getByRole('button', { name: 'New lead' }).click();
    const leadForm = record.getByRole('form', { name: 'New lead' });
    await leadForm.getByLabel('Lead title').fill('Wants 40 chairs');
    await leadForm.getByRole('button', { name: 'Create lead' }).click();
    await record.getByText('Wants 40 chairs').waitFor();
    await record.getByLabel(/Status of lead #\d+/).selectOption('won');
    await expect.poll(async () => (await db.selectFrom('leads').select('status').where('dialog_id', '=', dialogId).executeTakeFirst())?.status).toBe('won');

    // A second lead for the same chat is refused with the reason.
    await record.getByRole('button', { name: 'New lead' }).click();
    await record.getByRole('form', { name: 'New lead' }).getByRole('button', { name: 'Create lead' }).click();
    await record.getByText(/This dialog already has lead #\d+/).waitFor();
  });
});
