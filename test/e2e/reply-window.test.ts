import { describe, expect, it } from 'vitest';
import { clientWroteHoursAgo } from '../support/dialogs';
import { createChannel, createLine, createUser } from '../support/fixtures';
import { useProductStack } from '../support/product-stack';
import { signInToInbox } from '../support/sign-in';
import { insertDialog } from '../web/helpers';

/**
 * WhatsApp's 24-hour reply window as the operator sees it in a real Chromium against the
 * production web build: the time left while it is open; once closed, no reply, the reason, and
 * the channel's approved template offered instead.
 */
const stack = useProductStack();

describe('the WhatsApp reply window in the inbox', () => {
  it('shows the time left, then closes the reply box and offers the template', async () => {
    const db = stack.worker.db;
    const operator = await createUser(db, 'manager', 'Wanda Operator');
    const { lineId } = await createLine(db, { operators: [operator.id] });
    const config = { phoneNumberId: '106540352242922', templateName: 'follow_up', templateLanguage: 'en_US' };
    const channel = await createChannel(db, { lineId, kind: 'whatsapp', name: 'Shop WhatsApp', config });
    const dialogOf = async (text: string, hoursAgo: number) => {
      const dialogId = await insertDialog(db, { lineId, channelId: channel.id, status: 'in_work', operatorId: operator.id, text });
      await clientWroteHoursAgo(db, dialogId, hoursAgo);
    };
    await dialogOf('Is my order on its way?', 1);
    await dialogOf('Hello? Anyone there?', 25);

    const inbox = await (await stack.browser.newContext()).newPage();
    await signInToInbox(inbox, stack.url, operator.email);

    await inbox.getByText('Is my order on its way?').first().click();
    await inbox.getByTestId('reply-window').filter({ hasText: /Reply window: 2[23] h \d+ min left to write to this client \(Shop WhatsApp\)\./ }).waitFor();
    expect(await inbox.getByRole('radio', { name: 'Reply' }).isEnabled()).toBe(true);

    await inbox.getByText('Hello? Anyone there?').first().click();
    await inbox.getByRole('button', { name: 'Send template “follow_up”' }).waitFor();
    expect(await inbox.getByRole('radio', { name: 'Reply' }).isDisabled()).toBe(true);
    await inbox.getByRole('note').filter({ hasText: /reply window is closed/ }).first().waitFor();
  });
});
