import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signatureProblem } from '../../channels/custom/signature';
import { internalHostAllowList } from '../../domain/network/internal-host-allow-list';
import { startWebhookSweeper, type WebhookSweeper } from '../../worker/webhook-sweeper';
import { eventually, sendClientMessage, terminateDialogs } from '../support/dialogs';
import { createLine, createUser } from '../support/fixtures';
import { useProductStack } from '../support/product-stack';
import { signInTo } from '../support/sign-in';

/**
 * An admin subscribes a receiver to dialog events in the browser, copies the secret shown once,
 * watches a failed delivery retried in the delivery log, sends it again, and finds their changes
 * in the audit log. The receiver is on 127.0.0.1, allowed as HTTP_ALLOWED_INTERNAL_HOSTS would.
 */
const stack = useProductStack({ webEnv: () => ({ HTTP_ALLOWED_INTERNAL_HOSTS: '127.0.0.1' }), httpAllowList: internalHostAllowList('127.0.0.1') });

const received: { headers: IncomingHttpHeaders; body: string }[] = [];
let server: Server;
let receiverUrl = '';
let sweeper: WebhookSweeper;
const dialogs = new Set<number>();

beforeAll(async () => {
  // The first request fails, every later one is accepted.
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      response.writeHead(received.length === 1 ? 502 : 204);
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/openlines`;
  sweeper = startWebhookSweeper({ db: stack.worker.db, temporal: stack.worker.client, taskQueue: stack.worker.taskQueue }, { intervalMs: 300 });
});
afterAll(async () => {
  await sweeper.stop();
  await terminateDialogs(stack.worker.client, dialogs);
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('webhooks and the audit log in the admin area', () => {
  it('adds a webhook, shows its secret once, logs a retried delivery, sends it again, and audits it all', async () => {
    const admin = await createUser(stack.worker.db, 'admin', 'Ada Admin');
    const operator = await createUser(stack.worker.db);
    const line = await createLine(stack.worker.db, { operators: [operator.id], settings: { greeting: { enabled: false } } });
    const page = await (await stack.browser.newContext()).newPage();
    await signInTo(page, stack.url, admin.email, '/admin/webhooks');

    await page.getByText('No webhooks yet').waitFor();
    await page.getByRole('button', { name: 'Add webhook' }).click();
    const form = page.getByRole('form', { name: 'New webhook' });
    // A private address the server does not allow is refused, naming the field.
    await form.getByLabel('Address (URL)').fill('http://10.0.0.5/hooks');
    await form.getByRole('button', { name: 'Add webhook' }).click();
    await form.getByText(/10\.0\.0\.5 is an internal address \(blocked\)/).waitFor();
    await form.getByLabel('Address (URL)').fill(receiverUrl);
    await form.getByLabel('Description').fill('CRM sync');
    // Only "dialog started": the default "dialog closed" is unticked.
    await form.getByRole('checkbox', { name: /Dialog closed/ }).uncheck();
    await form.getByRole('button', { name: 'Add webhook' }).click();

    const secret = (await page.getByTestId('webhook-secret').textContent()) ?? '';
    expect(secret).toMatch(/^whsec_/);
    await page.getByRole('button', { name: 'I have saved it' }).click();
    await expect.poll(() => page.getByTestId('webhook-secret').count()).toBe(0);
    await page.getByRole('cell', { name: /CRM sync/ }).waitFor();

    const { dialogId } = await sendClientMessage({ db: stack.worker.db, temporal: stack.worker.client, taskQueue: stack.worker.taskQueue }, line.channelId, { text: 'Hello?' });
    dialogs.add(dialogId);
    await eventually(async () => received.length >= 2, 30_000);
    const delivered = received[1]!;
    expect(JSON.parse(delivered.body)).toMatchObject({ type: 'dialog.started', data: { dialog: { id: dialogId } } });
    expect(signatureProblem(secret, delivered.headers['openlines-signature'] as string, Buffer.from(delivered.body))).toBeNull();

    await page.getByRole('button', { name: `Delivery log of ${receiverUrl}` }).click();
    const log = page.getByRole('region', { name: 'Delivery log' });
    await log.getByText('Delivered').waitFor();
    await log.getByText(`#${dialogId}`).waitFor();
    await log.getByRole('button', { name: 'Attempts of Dialog started' }).click();
    await log.getByText('the receiver answered 502').first().waitFor();
    // The last answer on the row, and the second attempt in the details.
    await expect.poll(() => log.getByRole('cell', { name: '204', exact: true }).count()).toBe(2);

    await log.getByRole('button', { name: 'Send Dialog started again' }).click();
    await page.getByText('Queued to be sent again').waitFor();
    await eventually(async () => received.length >= 3, 30_000);
    expect(received[2]!.body).toBe(delivered.body);

    await page.getByRole('link', { name: 'Audit log' }).click();
    await page.waitForURL((url) => url.pathname === '/admin/audit');
    await page.getByRole('cell', { name: 'Webhook added' }).waitFor();
    await page.getByRole('cell', { name: 'Delivery sent again' }).waitFor();
    await page.getByLabel('Action').selectOption('webhook.created');
    await expect.poll(() => page.getByRole('cell', { name: 'Delivery sent again' }).count()).toBe(0);
    await page.getByRole('button', { name: /Show changes of entry/ }).click();
    await page.getByRole('cell', { name: receiverUrl, exact: true }).last().waitFor();
    expect(await page.content()).not.toContain(secret);
  });
});
