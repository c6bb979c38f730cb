import { describe, expect, it } from 'vitest';
import { upsertOperatorState } from '../../db/queries/availability';
import { replaceQueue } from '../../db/queries/lines';
import { createLine, createUser } from '../support/fixtures';
import { useProductStack } from '../support/product-stack';
import { signInTo } from '../support/sign-in';

/**
 * Staff management as an admin uses it: a new operator is added with a one-time link, sets their
 * password from it in their own browser, lands in the inbox and gets a widget visitor's dialog.
 */
const stack = useProductStack();

describe('inviting an operator', () => {
  it('the invitee sets a password from the link, is signed in and answers a visitor', async () => {
    const admin = await createUser(stack.worker.db, 'admin', 'Ada Admin');
    const { lineId, channelKey } = await createLine(stack.worker.db, { settings: { greeting: { text: 'Hello from Acme!' }, distribution: { handoffMinutes: 30 } } });

    const adminPage = await (await stack.browser.newContext()).newPage();
    // A slow first load of the list: read before Nina is added, answered only after. The list
    // must still show her when the admin is done.
    let releaseFirstList = () => {};
    const firstListHeld = new Promise<void>((resolve) => (releaseFirstList = resolve));
    let firstListSeen = false;
    await adminPage.route('**/api/trpc/**listWithAvailability**', async (route) => {
      if (firstListSeen) return route.continue();
      firstListSeen = true;
      const response = await route.fetch();
      await firstListHeld;
      await route.fulfill({ response });
    });
    await signInTo(adminPage, stack.url, admin.email, '/admin/users');
    await adminPage.getByRole('button', { name: 'Add user' }).click();
    const form = adminPage.getByRole('form', { name: 'Add user' });
    await form.getByLabel('Name').fill('Nina Newcomer');
    await form.getByLabel('E-mail').fill('nina@example.test');
    await form.getByLabel('Role').selectOption('manager');
    await form.getByLabel('Password').selectOption('invitation');
    const created = adminPage.waitForResponse((response) => response.url().includes('users.create'));
    await form.getByRole('button', { name: 'Add user' }).click();
    await created;
    releaseFirstList();
    const linkField = adminPage.getByLabel('One-time link for Nina Newcomer');
    await linkField.waitFor();
    const link = await linkField.inputValue();
    expect(link).toMatch(/\/invite\/[A-Za-z0-9_-]+$/);
    await adminPage.getByRole('button', { name: 'Done' }).click();
    await adminPage.getByText('nina@example.test').waitFor();

    const nina = await stack.worker.db.selectFrom('users').select('id').where('email', '=', 'nina@example.test').executeTakeFirstOrThrow();
    await replaceQueue(stack.worker.db, lineId, [nina.id]);
    await upsertOperatorState(stack.worker.db, nina.id, { presence: 'online', workday: 'working' }, new Date());

    const inbox = await (await stack.browser.newContext()).newPage();
    await inbox.goto(link);
    await inbox.getByRole('heading', { name: 'Welcome, Nina Newcomer' }).waitFor();
    await inbox.getByLabel('New password').fill('nina-password-1');
    await inbox.getByLabel('Repeat the password').fill('nina-password-1');
    await inbox.getByRole('button', { name: 'Set password and sign in' }).click();
    await inbox.waitForURL(/\/inbox/);

    // The link works once: opened again it says so.
    const again = await (await stack.browser.newContext()).newPage();
    await again.goto(link);
    await again.getByRole('heading', { name: 'This link was already used' }).waitFor();

    const visitor = await (await stack.browser.newContext()).newPage();
    await visitor.goto(`${stack.url}/widget/${channelKey}`);
    await visitor.getByRole('heading', { name: 'Ask us anything' }).waitFor();
    const messageBox = visitor.getByLabel('Your message');
    await expect.poll(() => messageBox.isEnabled()).toBe(true);
    await messageBox.fill('Is my order on its way?');
    await visitor.keyboard.press('Enter');

    await inbox.getByRole('tab', { name: /Line queue/ }).click();
    await inbox.getByText('Is my order on its way?').first().click();
    await inbox.getByRole('button', { name: 'Take dialog' }).click();
    const reply = inbox.getByLabel(/Reply to/);
    await reply.fill('Yes, it ships today.');
    await reply.press('Enter');
    await visitor.getByRole('log', { name: 'Conversation' }).getByText('Yes, it ships today.').waitFor();
  });
});
