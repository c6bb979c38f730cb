/**
 * How an e-mail conversation is recognised as a dialog. A sent or received mail keeps its
 * thread keys with the message (messages.thread_keys): its own Message-ID first, then the ids it
 * answers (References, In-Reply-To), and the subject the conversation started with, marked with a
 * prefix so it never matches an id. A reply is matched by those ids; when a client's mail program
 * drops them, the dialog token in the subject ("[#D123]") still names the dialog.
 */

const SUBJECT_KEY_PREFIX = 'subject:';
const dialogTokenPattern = /\[#D(\d{1,15})\]/;

export interface MailThreadHeaders {
  messageId?: string;
  inReplyTo?: string;
  references?: readonly string[];
  subject?: string;
}

/** The keys kept with a mail: its Message-ID, the ids it answers, and its subject. */
export function mailThreadKeys({ messageId, inReplyTo, references = [], subject }: MailThreadHeaders): string[] {
  const ids = [messageId, ...references, inReplyTo].map((id) => id?.trim()).filter((id): id is string => !!id);
  const keys = [...new Set(ids)];
  const topic = subject === undefined ? '' : conversationSubject(subject);
  return topic ? [...keys, `${SUBJECT_KEY_PREFIX}${topic}`] : keys;
}

/** The ids a mail answers: what a stored message's keys are matched against. */
export function repliedIds(keys: readonly string[]): string[] {
  return keys.slice(1).filter((key) => !key.startsWith(SUBJECT_KEY_PREFIX));
}

/** The conversation's subject kept with a mail's keys, if any. */
export function subjectOfKeys(keys: readonly string[]): string | undefined {
  return keys.find((key) => key.startsWith(SUBJECT_KEY_PREFIX))?.slice(SUBJECT_KEY_PREFIX.length);
}

/** The headers of our reply to a mail with these keys: it answers that mail and its whole chain. */
export function replyHeadersFor(keys: readonly string[]): { inReplyTo?: string; references?: string[] } {
  const [own, ...rest] = keys.filter((key) => !key.startsWith(SUBJECT_KEY_PREFIX));
  if (!own) return {};
  return { inReplyTo: own, references: [...rest.filter((id) => id !== own), own] };
}

export function dialogToken(dialogId: number): string {
  return `[#D${dialogId}]`;
}

export function dialogIdFromSubject(subject: string): number | undefined {
  const match = dialogTokenPattern.exec(subject);
  return match?.[1] ? Number(match[1]) : undefined;
}

/** "Re: <the conversation's subject> [#D123]": threads in the client's mail program and names the dialog. */
export function replySubject(dialogId: number, startSubject: string | undefined): string {
  const topic = startSubject ? conversationSubject(startSubject) : '';
  return topic ? `Re: ${topic} ${dialogToken(dialogId)}` : `Re: your message ${dialogToken(dialogId)}`;
}

/** The subject without reply/forward prefixes and without our token, so replies do not pile them up. */
export function conversationSubject(subject: string): string {
  let topic = subject.replace(dialogTokenPattern, ' ');
  for (;;) {
    const next = topic.replace(/^\s*(re|fw|fwd|aw|wg|sv|vs|antw|ответ)\s*(\[\d+\])?\s*:\s*/i, '');
    if (next === topic) break;
    topic = next;
  }
  return topic.replace(/\s+/g, ' ').trim();
}
