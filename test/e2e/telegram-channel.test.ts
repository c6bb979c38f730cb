import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeTelegram, type FakeTelegram } from '../support/fake-telegram';
import { createUser } from '../support/fixtures';
import { useProductStack } from '../support/product-stack';
import { signInTo } from '../support/sign-in';

/**
 * An admin connects Telegram to a new line from the browser, and a client's message, posted by the
 * local Telegram Bot API server to the webhook that "Check connection" registered, reaches the
 * inbox: a real Chromium against the production web build, a real worker, Temporal and PostgreSQL.
 */
const stack = useProductStack();
let telegram: FakeTelegram;

beforeAll(async () => {
  telegram = await startFakeTelegram();
});

afterAll(async () => {
  await telegram?.close();
});

describe('an admin connects Telegram', () => {
  it('adds a Telegram channel to a new line, and a client’s message reaches the inbox', async () => {
    const admin = await createUser(stack.worker.db, 'admin', 'Ada Admin');
    const page = await (await stack.browser.newContext()).newPage();
    await signInTo(page, stack.url, admin.email, '/admin');

    // A new line…
    await page.getByRole('button', { name: 'New line' }).first().click();
    await page.getByLabel('Name of the new line').fill('Telegram support');
    await page.getByRole('button', { name: 'Create line' }).click();
    await page.waitForURL(/\/admin\/lines\/\d+$/);

    // …gets a Telegram channel pointed at the local Bot API server.
    await page.getByRole('button', { name: 'Add channel' }).click();
    const form = page.getByRole('dialog', { name: 'Add a channel' });
    await form.getByLabel('Kind').selectOption({ label: 'Telegram' });
    await form.getByLabel('Name', { exact: true }).fill('Support bot');
    await form.getByLabel('Bot token').fill(telegram.token);
    await form.getByLabel(/^Bot API server/).fill(telegram.apiRoot);
    await form.getByRole('button', { name: 'Create channel' }).click();
    await form.waitFor({ state: 'detached' });

    // "Check connection" calls getMe and registers the channel's webhook with its secret token.
    const channel = page.getByRole('listitem').filter({ hasText: 'Support bot' });
    await channel.getByRole('button', { name: 'Check connection' }).click();
    await channel.getByRole('status').filter({ hasText: /^Connected: @openlines_test_bot: webhook set to / }).waitFor();
    const row = await stack.worker.db.selectFrom('channels').select(['key', 'secrets', 'config']).where('name', '=', 'Support bot').executeTakeFirstOrThrow();
    expect(telegram.webhook?.url).toBe(`${stack.url}/api/channels/${row.key}/webhook`);
    expect(telegram.webhook?.secretToken).toBeTruthy();
    expect(`${row.secrets ?? ''}${JSON.stringify(row.config)}`).not.toContain(telegram.token);

    // A client writes to the bot: Telegram posts the update to the webhook.
    const posted = await telegram.deliverToWebhook({
      message: { message_id: 1, from: { id: 424242, is_bot: false, first_name: 'Kira' }, chat: { id: 424242, type: 'private', first_name: 'Kira' }, date: Math.floor(Date.now() / 1000), text: 'Hello from Telegram!' },
    });
    expect(posted.status).toBe(200);

    // The dialog is in the inbox.
    await page.goto(`${stack.url}/inbox`);
    await page.getByRole('tab', { name: /^All/ }).click();
    await page.getByText('Hello from Telegram!').first().click();
    await page.getByText('Kira').first().waitFor();
  });
});
