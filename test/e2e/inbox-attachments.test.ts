import { describe, expect, it } from 'vitest';
import { createLine, createUser } from '../support/fixtures';
import { useProductStack } from '../support/product-stack';
import { signInToInbox } from '../support/sign-in';

/**
 * An operator sends a file from the inbox and the visitor gets it in the widget: a real Chromium
 * against the production web build, a real worker, Temporal and PostgreSQL.
 */
const stack = useProductStack();

describe('an operator attaches a file', () => {
  it('sends it with the reply: shown in the thread, stored with the message, and opened by the visitor', async () => {
    const operator = await createUser(stack.worker.db, 'manager', 'Olga Operator');
    const { channelKey } = await createLine(stack.worker.db, { operators: [operator.id], settings: { distribution: { handoffMinutes: 30 } } });
    const visitor = await (await stack.browser.newContext()).newPage();
    const inbox = await (await stack.browser.newContext()).newPage();
    await Promise.all([visitor.goto(`${stack.url}/widget/${channelKey}`), signInToInbox(inbox, stack.url, operator.email)]);

    const messageBox = visitor.getByLabel('Your message');
    await messageBox.fill('Can I have my invoice?');
    await visitor.keyboard.press('Enter');

    await inbox.getByRole('tab', { name: /Line queue/ }).click();
    await inbox.getByText('Can I have my invoice?').first().click();
    await inbox.getByRole('button', { name: 'Take dialog' }).click();
    // A slow upload: the operator presses Enter before the file is stored, and the reply waits for it.
    let releaseUpload = () => {};
    const uploadHeld = new Promise<void>((resolve) => (releaseUpload = resolve));
    await inbox.route('**/api/files?dialogId=*', async (route) => {
      await uploadHeld;
      await route.continue();
    });
    await inbox.getByTestId('reply-file-input').setInputFiles({ name: 'invoice.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4 invoice') });
    await inbox.getByRole('list', { name: 'Files to send' }).getByText('invoice.pdf').waitFor();
    const reply = inbox.getByLabel(/Reply to/);
    await reply.fill('Here it is.');
    await reply.press('Enter');
    await inbox.getByRole('status').getByText('Sending as soon as the files are uploaded').waitFor();
    releaseUpload();

    // The thread shows the file with the reply; the message row carries it.
    await inbox.getByRole('list', { name: 'Attached files' }).getByText('invoice.pdf').waitFor();
    const stored = await stack.worker.db.selectFrom('messages').select('extras').where('text', '=', 'Here it is.').executeTakeFirstOrThrow();
    expect(stored.extras.attachments).toEqual([expect.objectContaining({ name: 'invoice.pdf', mimeType: 'application/pdf', size: 16 })]);

    // The visitor gets it in the widget, and its signed link serves the file.
    const link = visitor.getByRole('log', { name: 'Conversation' }).getByRole('link', { name: /invoice\.pdf/ });
    await link.waitFor();
    const response = await visitor.request.get(new URL((await link.getAttribute('href')) ?? '', stack.url).toString());
    expect(response.status()).toBe(200);
    expect(await response.text()).toBe('%PDF-1.4 invoice');
  });
});
