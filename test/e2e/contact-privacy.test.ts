import { describe, expect, it } from 'vitest';
import { createLine, createUser } from '../support/fixtures';
import { useProductStack } from '../support/product-stack';
import { signInToInbox } from '../support/sign-in';
import { insertDialog } from '../web/helpers';

/** Erase of a client's data from the contact card (issue 12 item 6), in Chromium against the production build. */
const stack = useProductStack();

describe('contact privacy', () => {
  it('a director erases a client after typing their name, and the erase is audited', async () => {
    const db = stack.worker.db;
    const director = await createUser(db, 'director', 'Dina Director');
    const operator = await createUser(db, 'manager', 'Olga Operator');
    const line = await createLine(db, { operators: [operator.id] });
    const dialogId = await insertDialog(db, { ...line, status: 'in_work', operatorId: operator.id, contactName: 'Erin Erasable' });
    const { contact_id: contactId } = await db.selectFrom('dialogs').select('contact_id').where('id', '=', dialogId).executeTakeFirstOrThrow();

    const page = await (await stack.browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
    await signInToInbox(page, stack.url, director.email);
    await page.goto(`${stack.url}/inbox?tab=all&dialog=${dialogId}`);
    const record = page.getByRole('region', { name: 'Client record' });

    await record.getByRole('button', { name: 'Erase data…' }).click();
    const modal = page.getByRole('dialog', { name: 'Erase all data of Erin Erasable?' });
    const submit = modal.getByRole('button', { name: 'Erase permanently' });
    await modal.getByLabel('Type “Erin Erasable” to confirm').fill('Erin');
    expect(await submit.isDisabled()).toBe(true);
    await modal.getByLabel('Type “Erin Erasable” to confirm').fill('erin erasable');
    await submit.click();
    await modal.waitFor({ state: 'detached' });

    await expect.poll(async () => (await db.selectFrom('contacts').select('name').where('id', '=', contactId).executeTakeFirstOrThrow()).name).toBeNull();
    const audit = await db.selectFrom('audit_log').select(['actor_user_id', 'action']).where('subject_type', '=', 'contact').where('subject_id', '=', String(contactId)).execute();
    expect(audit).toEqual([{ actor_user_id: director.id, action: 'contact.erased' }]);
  });

  it('shows operators no export or erase', async () => {
    const db = stack.worker.db;
    const operator = await createUser(db, 'manager', 'Oleg Operator');
    const line = await createLine(db, { operators: [operator.id] });
    const dialogId = await insertDialog(db, { ...line, status: 'in_work', operatorId: operator.id, contactName: 'Kept Client' });
    const page = await (await stack.browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
    await signInToInbox(page, stack.url, operator.email);
    await page.goto(`${stack.url}/inbox?tab=mine&dialog=${dialogId}`);
    const record = page.getByRole('region', { name: 'Client record' });
    await record.getByRole('button', { name: 'New lead' }).waitFor();
    expect(await record.getByRole('button', { name: 'Erase data…' }).count()).toBe(0);
    expect(await record.getByRole('button', { name: 'Export data' }).count()).toBe(0);
  });
});
