import { describe, expect, it } from 'vitest';
import { createLine, createUser } from '../support/fixtures';
import { useProductStack } from '../support/product-stack';
import { signInToInbox } from '../support/sign-in';

/**
 * Quick answers as an operator uses them: "/" in the reply box, the keyboard to choose, and the
 * visitor reading the answer with their name filled in — a real Chromium against the production
 * web build, a real worker, Temporal and PostgreSQL.
 */
const stack = useProductStack();

describe('an operator answering with a quick answer', () => {
  it('inserts one with "/" and the keyboard, and the visitor reads it with their name', async () => {
    const operator = await createUser(stack.worker.db, 'manager', 'Olga Operator');
    const { channelKey, lineId } = await createLine(stack.worker.db, { operators: [operator.id], settings: { distribution: { handoffMinutes: 30 } } });
    await stack.worker.db.updateTable('channels').set({ config: JSON.stringify({ title: 'Acme help', prechatName: 'optional' }) }).where('key', '=', channelKey).execute();
    await stack.worker.db
      .insertInto('quick_answers')
      .values([
        { title: 'Delivery times', text: 'Hello {client.name}, we deliver in 2 days. {operator.name}', line_id: lineId },
        { title: 'Delivery costs', text: 'Delivery is free from 50 EUR.', line_id: null },
      ])
      .execute();

    const visitor = await (await stack.browser.newContext()).newPage();
    const inbox = await (await stack.browser.newContext()).newPage();
    await Promise.all([visitor.goto(`${stack.url}/widget/${channelKey}`), signInToInbox(inbox, stack.url, operator.email)]);

    await visitor.getByRole('heading', { name: 'Before we start' }).waitFor();
    await visitor.getByLabel('Your name (optional)').fill('Vera');
    await visitor.getByLabel('Message').fill('When will my bike arrive?');
    await visitor.getByRole('button', { name: 'Start chat' }).click();
    const visitorLog = visitor.getByRole('log', { name: 'Conversation' });
    await visitorLog.getByText('When will my bike arrive?').waitFor();

    await inbox.getByRole('tab', { name: /Line queue/ }).click();
    await inbox.getByText('When will my bike arrive?').first().click();
    await inbox.getByRole('button', { name: 'Take dialog' }).click();

    const reply = inbox.getByLabel(/Reply to/);
    await reply.pressSequentially('/deliv', { delay: 20 });
    const picker = inbox.getByRole('listbox', { name: 'Quick answers' });
    await picker.waitFor();
    await expect.poll(() => picker.getByRole('option').allTextContents()).toHaveLength(2);
    expect(await reply.getAttribute('aria-expanded')).toBe('true');
    // Equal use: by title, so "Delivery costs" is first; the arrow moves to "Delivery times".
    await expect.poll(() => picker.getByRole('option', { selected: true }).textContent()).toContain('Delivery costs');
    await reply.press('ArrowDown');
    await expect.poll(() => picker.getByRole('option', { selected: true }).textContent()).toContain('Delivery times');
    await reply.press('Enter');
    await expect.poll(() => reply.inputValue()).toBe('Hello Vera, we deliver in 2 days. Olga Operator');
    await picker.waitFor({ state: 'detached' });

    // Escape closes a picker without inserting anything.
    await reply.press('End');
    await reply.pressSequentially(' /cost', { delay: 20 });
    await picker.waitFor();
    await reply.press('Escape');
    await picker.waitFor({ state: 'detached' });
    await reply.fill('Hello Vera, we deliver in 2 days. Olga Operator');

    await reply.press('Enter');
    await visitorLog.getByText('Hello Vera, we deliver in 2 days. Olga Operator').waitFor();
    const used = await stack.worker.db.selectFrom('quick_answers').select(['title', 'usage_count']).where('line_id', '=', lineId).executeTakeFirstOrThrow();
    expect(used).toEqual({ title: 'Delivery times', usage_count: 1 });
  });
});
