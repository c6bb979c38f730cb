import { ImapFlow } from 'imapflow';
import { simpleParser } from 'mailparser';
import nodemailer, { type SendMailOptions } from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emailConnector } from '../../channels/email/connector';
import { emailSettingsSchema, type EmailSettings } from '../../channels/email/settings';
import { PermanentSendFailure, type ConnectedChannel, type InboundDelivery, type OutboundMessage, type PollOutcome } from '../../channels/connector';
import { createDb, type Database } from '../../db/client';
import { findOrCreateContactByIdentity } from '../../db/queries/contacts';
import { insertDialog } from '../../db/queries/dialogs';
import { insertClientMessage } from '../../db/queries/messages';
import { findFreePort } from '../../scripts/support/free-port';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { createChannel, createLine } from '../support/fixtures';
import { emailChannelSettings, startGreenMail, type GreenMail } from '../support/greenmail';

const support = { login: 'support', password: 'support-pw', email: 'support@acme.test' };
const anna = { login: 'anna', password: 'anna-pw', email: 'anna@client.test' };

let greenMail: GreenMail;
let testDb: TestDatabase;
let db: Database;

beforeAll(async () => {
  [greenMail, testDb] = await Promise.all([startGreenMail([support, anna]), createTestDatabase()]);
  db = createDb(testDb.url);
}, 120_000);

afterAll(async () => {
  await db?.destroy();
  await testDb?.destroy();
  await greenMail?.stop();
});

function settings(overrides: Partial<EmailSettings> = {}): EmailSettings {
  return emailSettingsSchema.parse(emailChannelSettings(greenMail, support, overrides));
}

function channel(overrides: Partial<EmailSettings> = {}, lineId = 1, id = 1): ConnectedChannel<EmailSettings> {
  return { id, lineId, key: 'mail', name: 'Support mail', settings: settings(overrides), publicUrl: 'http://127.0.0.1:3000' };
}

/** A client's mail program: sends through GreenMail's SMTP like any client would. */
async function clientSends(mail: SendMailOptions): Promise<void> {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port: greenMail.smtpPort, secure: false });
  try {
    await transport.sendMail({ from: `Anna Petrova <${anna.email}>`, to: support.email, ...mail });
  } finally {
    transport.close();
  }
}

async function poll(cursor: string | null, waitMs = 0): Promise<PollOutcome> {
  return emailConnector.poll!(channel(), { fetch, cursor, waitMs, signal: new AbortController().signal });
}

/** Polls until the mailbox has handed over `count` new mails (GreenMail delivers just after SMTP says OK). */
async function pollUntil(cursor: string | null, count: number): Promise<{ messages: InboundDelivery[]; cursor: string | null }> {
  const messages: InboundDelivery[] = [];
  let at = cursor;
  for (let round = 0; round < 20 && messages.length < count; round += 1) {
    const outcome = await poll(at, 2_000);
    messages.push(...outcome.messages);
    at = outcome.cursor;
  }
  return { messages, cursor: at };
}

let cursor: string | null = null;

describe('e-mail connector against a real mail server (GreenMail)', () => {
  it('hands over a client mail with the quote and signature stripped, its file, the original and its thread keys', async () => {
    cursor = (await poll(null)).cursor;
    await clientSends({
      subject: 'Order 1042',
      messageId: '<first-1042@client.test>',
      text: 'My lamp arrived broken.\n\n-- \nAnna Petrova\nPurchasing\n\nOn Mon, 30 Nov 2026 Acme wrote:\n> Your order has shipped.',
      attachments: [{ filename: 'photo.png', contentType: 'image/png', content: Buffer.from('not really a png') }],
    });
    const { messages, cursor: next } = await pollUntil(cursor, 1);
    cursor = next;
    expect(messages).toHaveLength(1);
    const mail = messages[0]!;
    expect(mail.text).toBe('My lamp arrived broken.');
    expect(mail.sender).toEqual({ externalId: anna.email, email: anna.email, name: 'Anna Petrova' });
    expect(mail.externalMessageId).toBe('<first-1042@client.test>');
    expect(mail.automated).toBe(false);
    expect(mail.threadKeys).toEqual(['<first-1042@client.test>', 'subject:Order 1042']);
    expect(mail.attachments?.map((file) => [file.name, file.mimeType])).toEqual([
      ['photo.png', 'image/png'],
      ['original.eml', 'message/rfc822'],
    ]);
    expect(Buffer.from(mail.attachments![0]!.data).toString()).toBe('not really a png');
    const original = await simpleParser(Buffer.from(mail.attachments![1]!.data));
    expect(original.text).toContain('> Your order has shipped.');
    expect(original.text).toContain('Purchasing');
  });

  it('hands each mail over once: the cursor moves past what was read', async () => {
    expect((await poll(cursor)).messages).toEqual([]);
    await clientSends({ subject: 'Second question', text: 'Do you deliver on Sundays?' });
    const { messages, cursor: next } = await pollUntil(cursor, 1);
    cursor = next;
    expect(messages.map((mail) => mail.text)).toEqual(['Do you deliver on Sundays?']);
    expect((await poll(cursor)).messages).toEqual([]);
  });

  it('waits in IDLE when nothing is new and returns with the mail that arrives meanwhile', async () => {
    const waiting = poll(cursor, 60_000);
    // The poll is connected and idling before the mail is sent: give it a moment to select the mailbox.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await clientSends({ subject: 'While you wait', text: 'Hello from the IDLE test' });
    const outcome = await waiting;
    const messages = outcome.messages.length > 0 ? outcome.messages : (await pollUntil(outcome.cursor, 1)).messages;
    cursor = outcome.cursor;
    expect(messages.map((mail) => mail.text)).toEqual(['Hello from the IDLE test']);
  });

  it('marks out-of-office replies and bounces as automated', async () => {
    await clientSends({ subject: 'Out of office', text: 'I am away until Monday.', headers: { 'Auto-Submitted': 'auto-replied' } });
    await clientSends({ from: `Mail Delivery System <MAILER-DAEMON@client.test>`, subject: 'Undelivered Mail Returned to Sender', text: 'The mail could not be delivered.' });
    const { messages, cursor: next } = await pollUntil(cursor, 2);
    cursor = next;
    expect(messages.map((mail) => [mail.text, mail.automated])).toEqual([
      ['I am away until Monday.', true],
      ['The mail could not be delivered.', true],
    ]);
  });

  it('reads the thread token and answered ids of a reply', async () => {
    await clientSends({ subject: 'Re: Order 1042 [#D77]', inReplyTo: '<ours@acme.test>', references: ['<first-1042@client.test>', '<ours@acme.test>'], text: 'Thanks!' });
    const { messages, cursor: next } = await pollUntil(cursor, 1);
    cursor = next;
    expect(messages[0]?.answers).toEqual({ threadKeys: ['<first-1042@client.test>', '<ours@acme.test>'], dialogId: 77 });
  });
});

describe('sending a reply over SMTP', () => {
  it('answers the client in their thread: Re: subject with the token, In-Reply-To, References, the file', async () => {
    const line = await createLine(db);
    const mailChannel = await createChannel(db, { lineId: line.lineId, kind: 'email', key: 'mail-send', name: 'Support mail' });
    const { id: contactId } = await findOrCreateContactByIdentity(db, mailChannel.id, anna.email, { email: anna.email });
    const dialogId = await insertDialog(db, { lineId: line.lineId, channelId: mailChannel.id, contactId });
    const inbound = await insertClientMessage(db, { dialogId, channelId: mailChannel.id, externalId: '<ask@client.test>', text: 'Where is my parcel?' });
    await db
      .updateTable('messages')
      .set({ thread_keys: ['<ask@client.test>', '<older@client.test>', 'subject:Parcel 7'] })
      .where('id', '=', inbound!)
      .execute();

    const reply: OutboundMessage = {
      messageId: 1,
      dialogId,
      idempotencyKey: `reply-${dialogId}`,
      recipientExternalId: anna.email,
      text: 'It leaves our warehouse today.',
      authorKind: 'operator',
      authorName: 'Tom',
      attachments: [{ name: 'label.pdf', mimeType: 'application/pdf', size: 9, url: 'http://127.0.0.1/unused', read: async () => new TextEncoder().encode('%PDF-fake') }],
    };
    const sent = await emailConnector.send(channel({}, line.lineId, mailChannel.id), reply, { db, fetch });
    expect(sent.externalMessageId).toMatch(/^<openlines\.[0-9a-f]{32}@acme\.test>$/);
    expect(sent.threadKeys?.[0]).toBe(sent.externalMessageId);

    const received = await readMailbox(anna, sent.externalMessageId);
    expect(received.subject).toBe(`Re: Parcel 7 [#D${dialogId}]`);
    expect(received.inReplyTo).toBe('<ask@client.test>');
    expect(received.references).toEqual(['<older@client.test>', '<ask@client.test>']);
    expect(received.from?.value).toEqual([{ name: 'Acme support', address: 'support@acme.test' }]);
    expect(received.text?.trim()).toBe('It leaves our warehouse today.');
    expect(received.attachments.map((file) => [file.filename, file.content.toString()])).toEqual([['label.pdf', '%PDF-fake']]);
  });

  it('fails for good on a 5xx reply and leaves a 4xx reply to be retried', async () => {
    const refusing = await startRefusingSmtp();
    try {
      const out = (recipient: string): OutboundMessage => ({ messageId: 2, dialogId: 999, idempotencyKey: `k-${recipient}`, recipientExternalId: recipient, text: 'Hi', authorKind: 'operator' });
      const refusingChannel = channel({ smtpPort: refusing.port });
      await expect(emailConnector.send(refusingChannel, out('gone@client.test'), { db, fetch })).rejects.toThrow(PermanentSendFailure);
      await expect(emailConnector.send(refusingChannel, out('gone@client.test'), { db, fetch })).rejects.toThrow(/550 .*no such mailbox/);
      const busy = emailConnector.send(refusingChannel, out('busy@client.test'), { db, fetch });
      await expect(busy).rejects.toThrow(/451/);
      await expect(busy).rejects.not.toBeInstanceOf(PermanentSendFailure);
    } finally {
      await refusing.stop();
    }
  });
});

describe('the SMTP listener', () => {
  it('takes mail for the channel\'s address, refuses others, and says "try later" when storing fails', async () => {
    const port = await findFreePort();
    const listening = new AbortController();
    const received: InboundDelivery[] = [];
    let storing: 'works' | 'fails' = 'works';
    const ready = new Promise<void>((resolve) => {
      void emailConnector.listen!(channel({ smtpListener: true, smtpListenerPort: port, smtpListenerHost: '127.0.0.1' }), {
        signal: listening.signal,
        onListening: () => resolve(),
        deliver: async (messages) => {
          if (storing === 'fails') throw new Error('database is down');
          received.push(...messages);
        },
      });
    });
    await ready;
    const direct = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false });
    try {
      await direct.sendMail({ from: anna.email, to: support.email, subject: 'Direct', text: 'Straight to you' });
      expect(received.map((mail) => [mail.sender.externalId, mail.text])).toEqual([[anna.email, 'Straight to you']]);
      await expect(direct.sendMail({ from: anna.email, to: 'someone@else.test', subject: 'Relay?', text: 'x' })).rejects.toMatchObject({ responseCode: 550 });
      storing = 'fails';
      await expect(direct.sendMail({ from: anna.email, to: support.email, subject: 'Later', text: 'y' })).rejects.toMatchObject({ responseCode: 451 });
      expect(received).toHaveLength(1);
    } finally {
      direct.close();
      listening.abort();
    }
  });
});

describe('check connection', () => {
  it('logs in over IMAP and SMTP, and names what failed', async () => {
    expect(await emailConnector.checkConnection(channel(), { db, fetch })).toEqual({ ok: true, detail: 'IMAP login to INBOX and SMTP login succeeded' });
    const wrong = await emailConnector.checkConnection(channel({ imapPassword: 'wrong' }), { db, fetch });
    expect(wrong).toEqual({ ok: false, error: expect.stringMatching(/^IMAP 127\.0\.0\.1:\d+: the login or password was refused/) });
    const noFolder = await emailConnector.checkConnection(channel({ mailbox: 'Nope' }), { db, fetch });
    expect(noFolder).toEqual({ ok: false, error: expect.stringMatching(/^IMAP: the folder "Nope" cannot be opened \(.+\); check the folder name$/) });
  });
});

/** The client's own mailbox, read over IMAP as their mail program would. */
async function readMailbox(user: { login: string; password: string }, messageId: string) {
  const client = new ImapFlow({ host: '127.0.0.1', port: greenMail.imapPort, secure: false, auth: { user: user.login, pass: user.password }, logger: false });
  await client.connect();
  try {
    for (let round = 0; round < 50; round += 1) {
      const lock = await client.getMailboxLock('INBOX');
      try {
        for await (const mail of client.fetch('1:*', { source: true })) {
          const parsed = await simpleParser(mail.source!);
          if (parsed.messageId === messageId) return parsed;
        }
      } finally {
        lock.release();
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`mail ${messageId} never arrived in ${user.login}'s mailbox`);
  } finally {
    await client.logout();
  }
}

/** An SMTP server that refuses one recipient for good (550) and another for now (451). */
async function startRefusingSmtp(): Promise<{ port: number; stop(): Promise<void> }> {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onRcptTo(address, _session, callback) {
      const refusal = address.address.startsWith('gone@') ? { code: 550, text: '5.1.1 no such mailbox' } : { code: 451, text: '4.3.0 try again later' };
      callback(Object.assign(new Error(refusal.text), { responseCode: refusal.code }));
    },
  });
  const port = await findFreePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { port, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
