import { describe, expect, it } from 'vitest';
import { createLine, createUser } from '../support/fixtures';
import { useProductStack } from '../support/product-stack';
import { signInToInbox } from '../support/sign-in';

/**
 * The product as people use it: a visitor in the website widget and an operator in the inbox, in
 * two browser contexts of a real Chromium, against the production web build, a real worker, the
 * Temporal dev server and PostgreSQL.
 */
const stack = useProductStack();

describe('a visitor and an operator', () => {
  it('talk through the widget and the inbox, close, and the visitor rates', async () => {
    const operator = await createUser(stack.worker.db, 'manager', 'Olga Operator');
    const { channelKey } = await createLine(stack.worker.db, {
      operators: [operator.id],
      settings: { greeting: { text: 'Welcome to Acme Bikes!' }, distribution: { handoffMinutes: 30 } },
    });

    const visitor = await (await stack.browser.newContext()).newPage();
    const inbox = await (await stack.browser.newContext()).newPage();
    // The chat's session is held back: until it is ready, the message box takes no text (what a
    // visitor typed could not be sent; before the page's script runs, Enter would only break the line).
    let letSessionStart!: () => void;
    const sessionMayStart = new Promise<void>((resolve) => {
      letSessionStart = resolve;
    });
    await visitor.route('**/api/widget/*/session', async (route) => {
      await sessionMayStart;
      await route.continue();
    });
    await Promise.all([visitor.goto(`${stack.url}/widget/${channelKey}`), signInToInbox(inbox, stack.url, operator.email)]);
    const messageBox = visitor.getByLabel('Your message');
    expect(await messageBox.isDisabled()).toBe(true);
    letSessionStart();
    await visitor.getByRole('heading', { name: 'Ask us anything' }).waitFor();
    expect(await messageBox.isEnabled()).toBe(true);

    // The visitor writes; the greeting comes back.
    await messageBox.fill('My chain keeps slipping');
    await visitor.keyboard.press('Enter');
    const visitorLog = visitor.getByRole('log', { name: 'Conversation' });
    await visitorLog.getByText('Welcome to Acme Bikes!').waitFor();

    // The operator sees the offer appear live in the line queue, takes it and answers.
    await inbox.getByRole('tab', { name: /Line queue/ }).click();
    await inbox.getByText('My chain keeps slipping').first().click();
    await inbox.getByRole('button', { name: 'Take dialog' }).click();
    const reply = inbox.getByLabel(/Reply to/);
    await reply.fill('Bring it in today, we will adjust it for free.');
    await reply.press('Enter');

    // The answer reaches the visitor without a reload.
    await visitorLog.getByText('Bring it in today, we will adjust it for free.').waitFor();

    // The operator closes; the visitor gets the rating buttons and rates.
    await inbox.getByRole('button', { name: 'Close dialog' }).click();
    await inbox.getByRole('group', { name: 'Confirm closing' }).getByRole('button', { name: 'Close' }).click();
    const rating = visitor.getByRole('group', { name: 'Rate this conversation' });
    await rating.getByRole('button', { name: 'Good' }).click();
    await visitor.getByRole('status').filter({ hasText: /thank/i }).first().waitFor();

    // After a refresh the visitor still sees the whole conversation.
    await visitor.reload();
    await visitor.getByRole('log', { name: 'Conversation' }).getByText('Bring it in today, we will adjust it for free.').waitFor();

    const dialog = await stack.worker.db.selectFrom('dialogs').selectAll().where('operator_id', '=', operator.id).executeTakeFirstOrThrow();
    expect(dialog).toMatchObject({ status: 'closed', close_reason: 'operator', rating: 'like' });
  });
});
