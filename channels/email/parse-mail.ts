import { createHash } from 'node:crypto';
import { simpleParser, type ParsedMail } from 'mailparser';
import { isAutomatedMail } from '../../domain/email-automated';
import { stripQuotedReply } from '../../domain/email-quotes';
import { dialogIdFromSubject, mailThreadKeys, repliedIds } from '../../domain/email-threading';
import { MAX_ATTACHMENT_BYTES } from '../../domain/channels';
import { MAX_MESSAGE_LENGTH } from '../../domain/dialog';
import type { InboundAttachment, InboundDelivery } from '../connector';

/** The whole mail as received rides along as a file, so what stripping removed is never lost. */
export const ORIGINAL_MAIL_NAME = 'original.eml';
/** The inbound path's limit of files per message. */
const MAX_FILES = 10;
/** The inbound path's limit of thread keys per message; the newest ids of a long chain are kept. */
const MAX_THREAD_KEYS = 100;

/**
 * One received mail (IMAP or the SMTP listener) as the inbound path takes it: the client's new
 * text, their files, the mail kept whole as original.eml, and its thread keys. Undefined for a
 * mail with no usable sender address (nobody could be answered).
 */
export async function parseMail(raw: Uint8Array): Promise<InboundDelivery | undefined> {
  const mail = await simpleParser(Buffer.from(raw), { skipImageLinks: true });
  const from = mail.from?.value.find((address) => address.address);
  if (!from?.address) return undefined;
  const address = from.address.toLowerCase();
  const subject = mail.subject?.trim() ?? '';
  const allKeys = mailThreadKeys({
    messageId: mail.messageId,
    inReplyTo: mail.inReplyTo,
    references: typeof mail.references === 'string' ? [mail.references] : mail.references,
    subject,
  }).filter((key) => key.length <= 998);
  // Its own id first, the subject last, and of the ids it answers the newest (References is oldest first).
  const threadKeys = allKeys.length <= MAX_THREAD_KEYS ? allKeys : [allKeys[0]!, ...allKeys.slice(allKeys.length - MAX_THREAD_KEYS + 1)];
  const files = mail.attachments
    .filter((file) => !file.related || file.contentDisposition === 'attachment')
    .map((file, index): InboundAttachment => ({ name: (file.filename || `attachment-${index + 1}`).slice(0, 255), mimeType: file.contentType || 'application/octet-stream', data: new Uint8Array(file.content) }));
  const original: InboundAttachment = { name: ORIGINAL_MAIL_NAME, mimeType: 'message/rfc822', data: new Uint8Array(raw) };
  const { kept, left } = keepStorable([...files, original]);
  const text = [shownText(mail, subject, files.length), ...left.map((file) => `(${file.name} was not kept: ${describeLeft(file)})`)].join('\n\n');
  return {
    // A mail without a Message-ID is still stored once: its bytes name it.
    externalMessageId: (mail.messageId ?? `sha256:${createHash('sha256').update(raw).digest('hex')}`).slice(0, 200),
    sender: { externalId: address, email: address, ...(from.name ? { name: from.name.slice(0, 200) } : {}) },
    text: text.slice(0, MAX_MESSAGE_LENGTH),
    attachments: kept,
    automated: isAutomatedMail({ headers: headerMap(mail), fromAddress: address, contentType: rawContentType(mail) }),
    threadKeys,
    answers: answeredThread(threadKeys, subject),
  };
}

/**
 * The files the inbound path can store (at most MAX_FILES, each within MAX_ATTACHMENT_BYTES): a
 * mail over the limits still reaches the operator, with a note naming what was left out, instead
 * of being refused again at every poll. The original goes last, so the client's own files win.
 */
function keepStorable(files: InboundAttachment[]): { kept: InboundAttachment[]; left: InboundAttachment[] } {
  const kept: InboundAttachment[] = [];
  const left: InboundAttachment[] = [];
  for (const file of files) (kept.length < MAX_FILES && file.data.byteLength <= MAX_ATTACHMENT_BYTES ? kept : left).push(file);
  return { kept, left };
}

function describeLeft(file: InboundAttachment): string {
  return file.data.byteLength > MAX_ATTACHMENT_BYTES ? `larger than ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB` : `more than ${MAX_FILES} files`;
}

/** The ids the mail answers, and the dialog its subject names ("Re: Order [#D123]") for mail programs that drop the ids. */
function answeredThread(threadKeys: string[], subject: string): { threadKeys: string[]; dialogId?: number } {
  const dialogId = dialogIdFromSubject(subject);
  return { threadKeys: repliedIds(threadKeys), ...(dialogId === undefined ? {} : { dialogId }) };
}

function shownText(mail: ParsedMail, subject: string, fileCount: number): string {
  const body = stripQuotedReply(mail.text ?? '');
  if (body) return body.slice(0, MAX_MESSAGE_LENGTH);
  // A mail with only files, or an empty body: the operator still sees that something came.
  if (subject) return subject.slice(0, MAX_MESSAGE_LENGTH);
  return fileCount > 0 ? `(${fileCount} attached file${fileCount === 1 ? '' : 's'})` : '(empty e-mail)';
}

function headerMap(mail: ParsedMail): Map<string, string> {
  const headers = new Map<string, string>();
  for (const { key, line } of mail.headerLines) {
    if (!headers.has(key)) headers.set(key, line.slice(line.indexOf(':') + 1).trim());
  }
  return headers;
}

function rawContentType(mail: ParsedMail): string {
  return mail.headerLines.find((header) => header.key === 'content-type')?.line.replace(/^[^:]*:/, '').trim() ?? 'text/plain';
}
