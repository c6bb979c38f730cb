import { ImapFlow } from 'imapflow';
import type { ConnectedChannel, InboundDelivery, PollOptions, PollOutcome } from '../connector';
import { parseMail } from './parse-mail';
import type { EmailSettings } from './settings';

/** Mails handed over per poll; the cursor moves past them, the next poll takes the rest. */
const MAX_MAILS_PER_POLL = 50;

/** A new channel (or a renumbered mailbox) takes the unread mail of the last day, not the whole backlog. */
const FIRST_POLL_LOOKBACK_MS = 24 * 60 * 60 * 1000;

/**
 * Where the last poll stopped: the mailbox's UIDVALIDITY and the highest UID handed over. UIDs
 * only mean something under the same UIDVALIDITY; when the server renumbers the mailbox (or on
 * the first poll) the unread mails of the last day are read, and the Message-ID keeps re-read ones stored once.
 */
interface MailboxCursor {
  uidValidity: string;
  lastUid: number;
}

export function imapClient(settings: EmailSettings, options: { disableAutoIdle?: boolean } = {}): ImapFlow {
  const client = new ImapFlow({
    host: settings.imapHost,
    port: settings.imapPort,
    secure: settings.imapTls,
    auth: { user: settings.imapUser, pass: settings.imapPassword },
    logger: false,
    // The poll idles itself, inside its mailbox lock, only while it waits for news.
    disableAutoIdle: options.disableAutoIdle ?? true,
  });
  // A dropped connection also fails the command in flight, which reports it; unheard, the
  // 'error' event would end the whole worker process.
  client.on('error', () => undefined);
  return client;
}

/**
 * Reads the mails that arrived after `cursor`. When there are none it waits in IMAP IDLE (or, on a
 * server without IDLE, imapflow's NOOP polling) for up to `waitMs`, then looks once more.
 */
export async function pollMailbox(channel: ConnectedChannel<EmailSettings>, { cursor, waitMs, signal }: PollOptions): Promise<PollOutcome> {
  const client = imapClient(channel.settings);
  const abort = () => client.close();
  signal.addEventListener('abort', abort, { once: true });
  try {
    await client.connect();
    const lock = await client.getMailboxLock(channel.settings.mailbox, { readOnly: true });
    try {
      let outcome = await readNewMails(client, parseCursor(cursor));
      if (outcome.messages.length === 0 && !signal.aborted && waitMs > 0) {
        await waitForNews(client, waitMs, signal);
        if (!signal.aborted) outcome = await readNewMails(client, parseCursor(outcome.cursor));
      }
      return outcome;
    } finally {
      lock.release();
    }
  } catch (error) {
    if (signal.aborted) return { messages: [], receipts: [], cursor };
    throw error;
  } finally {
    signal.removeEventListener('abort', abort);
    if (client.usable) await client.logout().catch(() => client.close());
    else client.close();
  }
}

async function readNewMails(client: ImapFlow, cursor: MailboxCursor | undefined): Promise<PollOutcome> {
  const mailbox = client.mailbox;
  if (!mailbox) throw new Error('IMAP: no mailbox is selected');
  const uidValidity = String(mailbox.uidValidity);
  const sameMailbox = cursor?.uidValidity === uidValidity;
  const found = sameMailbox
    ? await client.search({ uid: `${cursor.lastUid + 1}:*` }, { uid: true })
    : await client.search({ seen: false, since: new Date(Date.now() - FIRST_POLL_LOOKBACK_MS) }, { uid: true });
  const after = sameMailbox ? cursor.lastUid : 0;
  // "n:*" always includes the newest mail, even below n: keep only what is really new.
  const uids = (found || []).filter((uid) => uid > after).sort((a, b) => a - b).slice(0, MAX_MAILS_PER_POLL);
  const lastUid = Math.max(after, sameMailbox ? 0 : mailbox.uidNext - 1, ...uids);
  const nextCursor = (uid: number) => JSON.stringify({ uidValidity, lastUid: uid } satisfies MailboxCursor);
  if (uids.length === 0) return { messages: [], receipts: [], cursor: nextCursor(lastUid) };

  const messages: InboundDelivery[] = [];
  for await (const mail of client.fetch(uids.join(','), { uid: true, source: true }, { uid: true })) {
    if (!mail.source) continue;
    const delivery = await parseMail(mail.source);
    if (delivery) messages.push(delivery);
  }
  // A full batch stops at its last mail, so the next poll takes the rest; otherwise all up to uidNext is read.
  return { messages, receipts: [], cursor: nextCursor(uids.length === MAX_MAILS_PER_POLL ? Math.max(...uids) : lastUid) };
}

async function waitForNews(client: ImapFlow, waitMs: number, signal: AbortSignal): Promise<void> {
  let wake: () => void = () => undefined;
  const news = new Promise<void>((resolve) => {
    wake = resolve;
  });
  const timer = setTimeout(wake, waitMs);
  client.on('exists', wake);
  // A dropped connection ends the wait at once; the NOOP below then fails the poll, which is retried.
  client.on('close', wake);
  signal.addEventListener('abort', wake, { once: true });
  const idling = client.idle();
  try {
    await news;
  } finally {
    clearTimeout(timer);
    client.off('exists', wake);
    client.off('close', wake);
    signal.removeEventListener('abort', wake);
  }
  // Any command ends IDLE; NOOP is the cheapest.
  if (!signal.aborted) await client.noop();
  await idling.catch(() => undefined);
}

function parseCursor(cursor: string | null): MailboxCursor | undefined {
  if (!cursor) return undefined;
  try {
    const parsed = JSON.parse(cursor) as Partial<MailboxCursor>;
    return typeof parsed.uidValidity === 'string' && typeof parsed.lastUid === 'number' ? { uidValidity: parsed.uidValidity, lastUid: parsed.lastUid } : undefined;
  } catch {
    return undefined;
  }
}
