/**
 * What the operator sees of a client's e-mail: the new text only, without the quoted history a
 * mail client appends under a reply and without the sender's signature (the whole mail is kept
 * as original.eml beside the message). Pure, so it is tested on real mails' shapes.
 */

/** A line that opens the quoted history: everything from it down is what the client replied to. */
const historyOpeners: readonly RegExp[] = [
  /^-{2,}\s*(Original Message|Forwarded message|Ursprüngliche Nachricht|Message d'origine|Исходное сообщение)\s*-{2,}\s*$/i,
  /^_{10,}\s*$/, // Outlook's rule above a "From: … Sent: …" header block
  /^(From|De|Von|От):\s.+$/i, // only when a header block follows; see isHeaderBlock
];

/** "On <date>, <name> wrote:" and its translations; mail clients may wrap it over two or three lines. */
const attributionEnd = /((wrote|a écrit|escribió|ha scritto|написал[аи]?|пишет)\s*:|\bschrieb\b.*:)\s*$/i;
const attributionStart = /^(On|Le|Am|El|Il|\d{1,2}[./]\d{1,2}[./]\d{2,4}|\d{4}-\d{2}-\d{2})\b/i;

/** The signature separator of RFC 3676 ("-- "), also without its trailing space as many clients send it. */
const signatureSeparator = /^--\s?$/;
const mobileSignature = /^(Sent from my |Get Outlook for |Отправлено с )/i;

export function stripQuotedReply(fullText: string): string {
  const lines = fullText.replace(/\r\n?/g, '\n').split('\n');
  const end = historyStart(lines);
  const kept = lines.slice(0, end).filter((line) => !line.startsWith('>'));
  const text = dropTrailingBlankLines(kept).join('\n').trim();
  // A mail that is nothing but quotes (a forward without a word) keeps its whole text.
  return text === '' ? fullText.trim() : text;
}

/** Index of the first line of the quoted history or signature, or the line count when there is none. */
function historyStart(lines: readonly string[]): number {
  for (let index = 0; index < lines.length; index += 1) {
    const line = (lines[index] ?? '').trimEnd();
    if (signatureSeparator.test(line) || mobileSignature.test(line)) return index;
    if (isAttribution(lines, index)) return index;
    if (historyOpeners.some((opener) => opener.test(line)) && (!/^\S+:\s/.test(line) || isHeaderBlock(lines, index))) return index;
  }
  return lines.length;
}

function isAttribution(lines: readonly string[], index: number): boolean {
  const first = (lines[index] ?? '').trim();
  if (!attributionStart.test(first)) return false;
  // The attribution may be wrapped: accept its end on this line or one of the next two.
  let joined = first;
  for (let offset = 0; offset < 3 && index + offset < lines.length; offset += 1) {
    if (offset > 0) joined += ` ${(lines[index + offset] ?? '').trim()}`;
    if (attributionEnd.test(joined)) return true;
  }
  return false;
}

/** "From: …" followed within a few lines by "Sent:"/"Date:" and "To:"/"Subject:" (Outlook without a rule line). */
function isHeaderBlock(lines: readonly string[], index: number): boolean {
  const next = lines.slice(index + 1, index + 5).map((line) => line.trim());
  return next.some((line) => /^(Sent|Date|Gesendet|Envoyé|Отправлено):/i.test(line)) && next.some((line) => /^(To|Subject|An|À|Betreff|Objet|Кому|Тема):/i.test(line));
}

function dropTrailingBlankLines(lines: string[]): string[] {
  let end = lines.length;
  while (end > 0 && (lines[end - 1] ?? '').trim() === '') end -= 1;
  return lines.slice(0, end);
}
