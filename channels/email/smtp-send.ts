import { createHash } from 'node:crypto';
import nodemailer from 'nodemailer';
import { mailThreadKeys, replyHeadersFor, replySubject, subjectOfKeys } from '../../domain/email-threading';
import { findDialogThreadKeys } from '../../db/queries/messages';
import { PermanentSendFailure, type ConnectedChannel, type OutboundMessage, type SendContext, type SendResult } from '../connector';
import type { EmailSettings } from './settings';

export function smtpTransport(settings: EmailSettings) {
  return nodemailer.createTransport({
    host: settings.smtpHost,
    port: settings.smtpPort,
    secure: settings.smtpTls,
    ...(settings.smtpUser ? { auth: { user: settings.smtpUser, pass: settings.smtpPassword } } : {}),
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 30_000,
  });
}

/**
 * One reply to the client as a mail in their conversation: "Re: <first subject> [#D<dialog>]",
 * answering their latest mail (In-Reply-To, References), so their mail program threads it and
 * their answer comes back to this dialog. The Message-ID is made from the idempotency key, so a
 * retried send carries the same id and the client's server can drop the copy.
 */
export async function sendMail(channel: ConnectedChannel<EmailSettings>, message: OutboundMessage, context: SendContext): Promise<SendResult> {
  const { settings } = channel;
  const thread = await findDialogThreadKeys(context.db, message.dialogId);
  const messageId = ourMessageId(message.idempotencyKey, settings.fromAddress);
  const subject = replySubject(message.dialogId, subjectOfKeys(thread.first));
  const { inReplyTo, references } = replyHeadersFor(thread.latestFromClient);
  const attachments = await Promise.all(
    (message.attachments ?? []).map(async (file) => ({ filename: file.name, contentType: file.mimeType, content: Buffer.from(await file.read()) })),
  );
  const transport = smtpTransport(settings);
  try {
    await transport.sendMail({
      from: settings.fromName ? { name: settings.fromName, address: settings.fromAddress } : settings.fromAddress,
      to: message.recipientExternalId,
      subject,
      text: message.text,
      messageId,
      ...(inReplyTo ? { inReplyTo } : {}),
      ...(references ? { references } : {}),
      attachments,
    });
  } catch (error) {
    throw classifySmtpError(error);
  } finally {
    transport.close();
  }
  return { externalMessageId: messageId, threadKeys: mailThreadKeys({ messageId, inReplyTo, references, subject }) };
}

/** A 5xx reply (bad recipient, refused login, message too big) fails for good; the rest is retried. */
function classifySmtpError(error: unknown): unknown {
  const smtp = error as { permanent?: boolean; responseCode?: number; response?: string; message?: string };
  if (smtp.permanent === true || (smtp.permanent === undefined && (smtp.responseCode ?? 0) >= 500)) {
    return new PermanentSendFailure(`the mail server refused the e-mail: ${smtp.response ?? smtp.message ?? 'no reason given'}`);
  }
  return error;
}

function ourMessageId(idempotencyKey: string, fromAddress: string): string {
  const domain = fromAddress.slice(fromAddress.lastIndexOf('@') + 1) || 'openlines.invalid';
  return `<openlines.${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 32)}@${domain}>`;
}
