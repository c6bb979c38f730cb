import { describe, expect, it } from 'vitest';
import { eventually } from '../support/dialogs';
import { createLine, createUser } from '../support/fixtures';
import { useProductStack } from '../support/product-stack';
import { signInToInbox } from '../support/sign-in';

/**
 * The widget's pre-chat form and the typing indicators as a visitor and an operator see them: a
 * real Chromium against the production web build, a real worker, Temporal and PostgreSQL.
 */
const stack = useProductStack();

describe('a visitor on a line that asks who they are', () => {
  it('fills the pre-chat form, and each side sees the other typing', async () => {
    const operator = await createUser(stack.worker.db, 'manager', 'Olga Operator');
    const { channelKey } = await createLine(stack.worker.db, { operators: [operator.id], settings: { distribution: { handoffMinutes: 30 } } });
    await stack.worker.db
      .updateTable('channels')
      .set({ config: JSON.stringify({ title: 'Acme help', prechatName: 'optional', prechatEmail: 'required' }) })
      .where('key', '=', channelKey)
      .execute();

    const visitor = await (await stack.browser.newContext()).newPage();
    const inbox = await (await stack.browser.newContext()).newPage();
    await Promise.all([visitor.goto(`${stack.url}/widget/${channelKey}`), signInToInbox(inbox, stack.url, operator.email)]);

    // The form comes first; the e-mail it requires is asked for by name.
    await visitor.getByRole('heading', { name: 'Before we start' }).waitFor();
    await visitor.getByLabel('Message').fill('Is the red bike in stock?');
    await visitor.getByRole('button', { name: 'Start chat' }).click();
    await visitor.getByRole('alert').filter({ hasText: /^E-mail/ }).waitFor();
    await visitor.getByLabel('Your name (optional)').fill('Vera');
    await visitor.getByLabel('E-mail').fill('vera@example.test');
    await visitor.getByRole('button', { name: 'Start chat' }).click();
    const visitorLog = visitor.getByRole('log', { name: 'Conversation' });
    await visitorLog.getByText('Is the red bike in stock?').waitFor();

    // The answers are the client's contact (the chat shows the message while it is being sent).
    const contact = await eventually(() => stack.worker.db.selectFrom('contacts').select(['name', 'email']).where('email', '=', 'vera@example.test').executeTakeFirst());
    expect(contact).toEqual({ name: 'Vera', email: 'vera@example.test' });

    // The operator takes the dialog and starts typing: the visitor sees it.
    await inbox.getByRole('tab', { name: /Line queue/ }).click();
    await inbox.getByText('Is the red bike in stock?').first().click();
    await inbox.getByRole('button', { name: 'Take dialog' }).click();
    await inbox.getByLabel(/Reply to/).pressSequentially('Let me check', { delay: 20 });
    await visitor.getByRole('status').filter({ hasText: 'Operator is typing…' }).waitFor();

    // The visitor types back: the operator sees it.
    await visitor.getByLabel('Your message').pressSequentially('Thanks', { delay: 20 });
    await inbox.getByRole('status').filter({ hasText: 'Client is typing…' }).waitFor();
  });
});
