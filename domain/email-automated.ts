/**
 * Mail no person wrote: auto-replies ("I am out of office"), bounces and bulk mail. Answering them
 * would start mail loops and open dialogs nobody asked for, so they open none (RFC 3834, RFC 3464).
 */
export interface AutomatedMailSigns {
  /** Header names in lower case, values as received. */
  headers: ReadonlyMap<string, string>;
  /** The sender's address, e.g. MAILER-DAEMON@mx.example.com. */
  fromAddress: string;
  /** The top-level content type with its parameters, e.g. "multipart/report; report-type=delivery-status". */
  contentType: string;
}

export function isAutomatedMail({ headers, fromAddress, contentType }: AutomatedMailSigns): boolean {
  const autoSubmitted = headers.get('auto-submitted')?.trim().toLowerCase();
  if (autoSubmitted && !autoSubmitted.startsWith('no')) return true;
  if (headers.has('x-autoreply') || headers.has('x-autorespond') || headers.has('x-autoresponder')) return true;
  if (/^(bulk|auto_reply|junk|list)$/i.test(headers.get('precedence')?.trim() ?? '')) return true;
  if (/^multipart\/report\b/i.test(contentType.trim())) return true;
  // A bounce comes from the mail system's own mailbox, or with the null return path (RFC 5321 §4.5.5).
  if (/^(mailer-daemon|postmaster)@/i.test(fromAddress.trim())) return true;
  return headers.get('return-path')?.replace(/\s/g, '') === '<>';
}
