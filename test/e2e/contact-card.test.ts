import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { receiveInboundMessage } from '../../channels/inbound';
import { waitForState } from '../support/dialogs';
import { createLine, createUser } from '../support/fixtures';
import { useProductStack } from '../support/product-stack';
import { signInToInbox } from '../support/sign-in';

/** The client record beside a dialog (SPEC §3 CRM), as an operator uses it with the keyboard. */
const stack = useProductStack();

describe('the contact card', () => {
  it('shows the new client and their lead, and saves corrected details with errors named by field', async () => {
    const db = stack.worker.db;
    const operator = await createUser(db, 'manager', 'Olga Operator');
    const { channelId } = await createLine(db, { operators: [operator.id], settings: { crm: { createLead: true } } });
    const deps = { db, temporal: stack.worker.client, taskQueue: stack.worker.taskQueue };
    const { dialogId } = await receiveInboundMessage(deps, {
      channelId,
      externalMessageId: randomUUID(),
      sender: { externalId: randomUUID(), name: 'Carla Client', email: 'carla@example.com' },
      text: 'Do you ship to Lisbon?',
    });
    await waitForState(stack.worker.client, dialogId, (s) => s.offeredTo.includes(operator.id));

    const page = await (await stack.browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
    await signInToInbox(page, stack.url, operator.email);
    await page.goto(`${stack.url}/inbox?tab=queue&dialog=${dialogId}`);
    const record = page.getByRole('region', { name: 'Client record' });
    await record.getByText('None: a new client').waitFor();
    await record.getByText('Chat with Carla Client via Website chat').waitFor();

    // Edit with the keyboard: the first field gets focus; a bad e-mail is named and focused for fixing.
    await record.getByRole('button', { name: 'Edit client details' }).click();
    const form = record.getByRole('form', { name: 'Edit client details' });
    await expect.poll(() => page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.value)).toBe('Carla Client');
    await form.getByLabel('E-mail').fill('carla-at-example');
    await form.getByLabel('Phone').fill('+351 912 345 678');
    await form.getByLabel('Phone').press('Enter');
    await form.getByText('must be an e-mail address like name@example.com, or empty').waitFor();
    // Focus moves to the field to fix.
    await expect.poll(() => page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.value)).toBe('carla-at-example');
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type('Carla@Example.com');
    await form.getByRole('button', { name: 'Save' }).click();
    await record.getByRole('button', { name: 'Edit client details' }).waitFor();

    const contact = await db
      .selectFrom('contacts')
      .innerJoin('dialogs', 'dialogs.contact_id', 'contacts.id')
      .select(['contacts.email', 'contacts.phone'])
      .where('dialogs.id', '=', dialogId)
      .executeTakeFirstOrThrow();
    expect(contact).toEqual({ email: 'carla@example.com', phone: '+351912345678' });
    await page.getByRole('complementary', { name: 'Dialog details' }).getByText('+351912345678').waitFor();
  });
});
