import { randomUUID } from 'node:crypto';
import { ImapFlow } from 'imapflow';
import { simpleParser, type ParsedMail } from 'mailparser';
import nodemailer, { type SendMailOptions } from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptUpdate, closeUpdate, replyUpdate } from '../../domain/messages';
import { lineSettingsSchema } from '../../domain/line-settings';
import { listInboxPage } from '../../db/queries/inbox';
import { updateLine } from '../../db/queries/lines';
import { findFreePort } from '../../scripts/support/free-port';
import { createConnectedChannel } from '../support/channels';
import { dialogHandle, eventually, waitForState } from '../support/dialogs';
import { createLine, createUser } from '../support/fixtures';
import { emailChannelSettings, startGreenMail, type GreenMail, type MailUser } from '../support/greenmail';
import { useTestWorker } from '../support/worker';
import { configuredFileStore } from '../../storage/file-store';
import { readFileBytes } from '../../storage/stored-files';

/**
 * The e-mail channel through the real product: a client's mail goes to a real mail server
 * (GreenMail), the worker's poller reads it over IMAP into a dialog, the operator sees and answers
 * it, and the answer arrives in the client's mailbox threaded to their mail.
 */
/** Each test's line reads a mailbox of its own, so no poller sees another test's mail. */
const supportBoxes: MailUser[] = [1, 2, 3, 4].map((n) => ({ login: `support${n}`, password: `support${n}-pw`, email: `support${n}@acme.test` }));
const anna: MailUser = { login: 'anna', password: 'anna-pw', email: 'anna@client.test' };
const bob: MailUser = { login: 'bob', password: 'bob-pw', email: 'bob@client.test' };

let greenMail: GreenMail;

// Registered before the worker, so it stops after the worker's pollers have let go of it.
beforeAll(async () => {
  greenMail = await startGreenMail([...supportBoxes, anna, bob]);
}, 120_000);

afterAll(async () => {
  await greenMail?.stop();
});

const stack = useTestWorker({ pollChannels: true });

async function mailFrom(user: MailUser, to: MailUser, mail: SendMailOptions): Promise<void> {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port: greenMail.smtpPort, secure: false });
  try {
    await transport.sendMail({ from: user.email, to: to.email, ...mail });
  } finally {
    transport.close();
  }
}

async function setUpLine(support: MailUser, extraSettings: Record<string, unknown> = {}) {
  const db = stack.worker.db;
  const operator = await createUser(db, 'manager', 'Tom');
  const line = await createLine(db, { operators: [operator.id] });
  await createConnectedChannel(db, {
    lineId: line.lineId,
    kind: 'email',
    settings: emailChannelSettings(greenMail, support, extraSettings),
  });
  return { operator, line };
}

/** The client's messages in a dialog, as stored (text, files, thread keys). */
async function clientMessages(dialogId: number) {
  return stack.worker.db
    .selectFrom('messages')
    .select(['id', 'text', 'extras', 'thread_keys', 'external_id'])
    .where('dialog_id', '=', dialogId)
    .where('author_kind', '=', 'client')
    .orderBy('id')
    .execute();
}

async function dialogOfMail(externalId: string): Promise<number> {
  const row = await eventually(() => stack.worker.db.selectFrom('messages').select('dialog_id').where('external_id', '=', externalId).executeTakeFirst(), 60_000);
  return row.dialog_id;
}

describe('e-mail end to end', () => {
  it('a client mail opens a dialog the operator sees; the answer reaches the client threaded, and their reply joins the dialog', async () => {
    const support = supportBoxes[0]!;
    const { operator } = await setUpLine(support);
    const temporal = stack.worker.client;

    await mailFrom(anna, support, {
      subject: 'Order 1042',
      messageId: '<order-1042@client.test>',
      text: 'My lamp arrived broken, photo attached.\n\n-- \nAnna Petrova',
      attachments: [{ filename: 'lamp.jpg', contentType: 'image/jpeg', content: Buffer.from('jpeg bytes') }],
    });
    const dialogId = await dialogOfMail('<order-1042@client.test>');

    // What the operator sees: the new text only, the photo and the original mail as files.
    const [first] = await clientMessages(dialogId);
    expect(first?.text).toBe('My lamp arrived broken, photo attached.');
    expect(first?.extras.attachments?.map((file) => file.name)).toEqual(['lamp.jpg', 'original.eml']);
    const photoId = first!.extras.attachments![0]!.fileId!;
    const photo = await stack.worker.db.selectFrom('files').select(['mime_type']).where('id', '=', photoId).executeTakeFirstOrThrow();
    const photoBytes = await readFileBytes({ db: stack.worker.db, files: configuredFileStore() }, photoId);
    expect([Buffer.from(photoBytes!).toString(), photo.mime_type]).toEqual(['jpeg bytes', 'image/jpeg']);

    await waitForState(temporal, dialogId, (state) => state.offeredTo.includes(operator.id));
    const offered = await listInboxPage(stack.worker.db, { userId: operator.id, tab: 'queue', cursor: null, limit: 20 });
    expect(offered.items.find((row) => row.id === dialogId)).toMatchObject({ channelKind: 'email', contactEmail: anna.email, lastMessage: { text: 'My lamp arrived broken, photo attached.' } });

    const handle = dialogHandle(temporal, dialogId);
    await handle.executeUpdate(acceptUpdate, { args: [{ operatorId: operator.id }] });
    const { messageId } = await handle.executeUpdate(replyUpdate, { args: [{ operatorId: operator.id, text: 'Sorry! A new lamp leaves today.', clientMessageId: randomUUID() }] });
    const sent = await eventually(
      () => stack.worker.db.selectFrom('messages').select(['delivery_status', 'external_id', 'thread_keys']).where('id', '=', messageId).where('delivery_status', '=', 'delivered').executeTakeFirst(),
      60_000,
    );

    const answer = await mailIn(anna, sent.external_id!);
    expect(answer.subject).toBe(`Re: Order 1042 [#D${dialogId}]`);
    expect(answer.inReplyTo).toBe('<order-1042@client.test>');
    expect(answer.text?.trim()).toBe('Sorry! A new lamp leaves today.');
    expect(answer.from?.value).toEqual([{ name: 'Acme support', address: support.email }]);

    // Anna answers from her mail program: quoted history under the attribution line.
    await mailFrom(anna, support, {
      subject: answer.subject,
      messageId: '<thanks-1042@client.test>',
      inReplyTo: sent.external_id!,
      references: ['<order-1042@client.test>', sent.external_id!],
      text: `Thank you!\n\nOn Thu, 3 Dec 2026, Acme support <${support.email}> wrote:\n> Sorry! A new lamp leaves today.`,
    });
    expect(await dialogOfMail('<thanks-1042@client.test>')).toBe(dialogId);
    expect((await clientMessages(dialogId)).map((message) => message.text)).toEqual(['My lamp arrived broken, photo attached.', 'Thank you!']);
  }, 180_000); // eight hand-overs in a row (SMTP, IMAP poll, workflow, offer, reply, SMTP, IMAP, poll) on a shared 2-core machine

  it('an out-of-office reply or a bounce opens no dialog', async () => {
    const support = supportBoxes[1]!;
    await setUpLine(support);
    await mailFrom(bob, support, { subject: 'Automatic reply: Order', messageId: '<ooo@client.test>', text: 'I am away until Monday.', headers: { 'Auto-Submitted': 'auto-replied' } });
    await mailFrom(bob, support, { from: 'MAILER-DAEMON@client.test', subject: 'Undelivered Mail', messageId: '<bounce@client.test>', text: 'Delivery failed.' });
    // The poller reads the mailbox in order: once the next person's mail is in, the two before were seen.
    await mailFrom(bob, support, { subject: 'A real question', messageId: '<real@client.test>', text: 'Do you ship to Canada?' });
    const dialogId = await dialogOfMail('<real@client.test>');

    const stored = await stack.worker.db.selectFrom('messages').select('external_id').where('external_id', 'in', ['<ooo@client.test>', '<bounce@client.test>']).execute();
    expect(stored).toEqual([]);
    expect((await clientMessages(dialogId)).map((message) => message.text)).toEqual(['Do you ship to Canada?']);
  });

  it('a reply to an older closed conversation reopens that dialog, not the latest one', async () => {
    const support = supportBoxes[2]!;
    const { operator, line } = await setUpLine(support);
    const temporal = stack.worker.client;
    const closeDialogOf = async (messageId: string) => {
      const dialogId = await dialogOfMail(messageId);
      await waitForState(temporal, dialogId, (state) => state.offeredTo.includes(operator.id));
      const handle = dialogHandle(temporal, dialogId);
      await handle.executeUpdate(acceptUpdate, { args: [{ operatorId: operator.id }] });
      await handle.executeUpdate(closeUpdate, { args: [{ userId: operator.id }] });
      await eventually(async () => (await stack.worker.db.selectFrom('dialogs').select('status').where('id', '=', dialogId).executeTakeFirst())?.status === 'closed');
      return dialogId;
    };
    const carol: MailUser = { login: 'carol', password: 'carol-pw', email: `carol-${randomUUID().slice(0, 6)}@client.test` };
    await mailFrom(carol, support, { subject: 'Invoice 7', messageId: '<invoice-7@client.test>', text: 'Please resend invoice 7.' });
    const invoiceDialog = await closeDialogOf('<invoice-7@client.test>');
    await mailFrom(carol, support, { subject: 'Delivery date', messageId: '<delivery@client.test>', text: 'When will it arrive?' });
    const deliveryDialog = await closeDialogOf('<delivery@client.test>');
    expect(deliveryDialog).not.toBe(invoiceDialog);

    // Now the line reopens a dialog its client writes to within an hour of its close.
    await updateLine(stack.worker.db, line.lineId, 'Test line', lineSettingsSchema.parse({ closing: { reopenWindowMinutes: 60 } }));
    await mailFrom(carol, support, { subject: 'Re: Invoice 7', messageId: '<invoice-7-again@client.test>', inReplyTo: '<invoice-7@client.test>', references: ['<invoice-7@client.test>'], text: 'Still no invoice.' });
    expect(await dialogOfMail('<invoice-7-again@client.test>')).toBe(invoiceDialog);
  });

  it('with the SMTP listener on, mail sent straight to the worker opens a dialog', async () => {
    const support = supportBoxes[3]!;
    const port = await findFreePort();
    const { line } = await setUpLine(support, { smtpListener: true, smtpListenerHost: '127.0.0.1', smtpListenerPort: port });
    const direct = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false });
    try {
      // The worker starts the listener with the channel's poller: until then the port refuses connections.
      await eventually(
        () =>
          direct.sendMail({ from: anna.email, to: support.email, subject: 'Direct', messageId: '<direct@client.test>', text: 'Straight to your server.' }).then(
            () => true,
            (error: { code?: string }) => (error.code === 'ESOCKET' || error.code === 'ECONNECTION' ? false : Promise.reject(error)),
          ),
        60_000,
      );
    } finally {
      direct.close();
    }
    const dialogId = await dialogOfMail('<direct@client.test>');
    expect((await stack.worker.db.selectFrom('dialogs').select('line_id').where('id', '=', dialogId).executeTakeFirstOrThrow()).line_id).toBe(line.lineId);
    expect((await clientMessages(dialogId)).map((message) => message.text)).toEqual(['Straight to your server.']);
  });
});

/** A mail in the user's own mailbox, read over IMAP as their mail program would. */
async function mailIn(user: MailUser, messageId: string): Promise<ParsedMail> {
  const client = new ImapFlow({ host: '127.0.0.1', port: greenMail.imapPort, secure: false, auth: { user: user.login, pass: user.password }, logger: false });
  await client.connect();
  try {
    return await eventually(async () => {
      const lock = await client.getMailboxLock('INBOX');
      try {
        for await (const mail of client.fetch('1:*', { source: true })) {
          const parsed = await simpleParser(mail.source!);
          if (parsed.messageId === messageId) return parsed;
        }
        return undefined;
      } finally {
        lock.release();
      }
    }, 30_000);
  } finally {
    await client.logout();
  }
}
