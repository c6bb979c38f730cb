import { z } from 'zod';
import type { ChannelCapabilities } from './channels';
import { englishErrorText } from './error-messages';

/** CRM-lite rules (SPEC §3 "CRM"): who the client is, who is responsible for them, and leads. */

export const leadStatusSchema = z.enum(['new', 'in_progress', 'won', 'lost']);
export type LeadStatus = z.infer<typeof leadStatusSchema>;

export const leadStatusLabels: Record<LeadStatus, string> = {
  new: 'New',
  in_progress: 'In progress',
  won: 'Won',
  lost: 'Lost',
};

/** Fewer digits than this is not a phone number anyone can be found (or called) by. */
export const MIN_PHONE_DIGITS = 5;

/** An e-mail as stored and compared: trimmed, lower-case; null when blank. */
/**
 * zod's own e-mail rule as a plain check. A fresh RegExp each time: the dialog workflow's sandbox
 * shares zod frozen (workflows/preload.ts), and a frozen RegExp cannot reset its lastIndex.
 */
export function isEmailAddress(text: string): boolean {
  return new RegExp(z.regexes.email.source, z.regexes.email.flags).test(text);
}

export function normalizeEmail(raw: string | null | undefined): string | null {
  const email = raw?.trim().toLowerCase() ?? '';
  return email === '' ? null : email;
}

/**
 * A phone as stored: its digits, with the leading "+" of an international number kept
 * ("+7 (999) 123-45-67" → "+79991234567"); null when it has too few digits to be a phone.
 */
export function normalizePhone(raw: string | null | undefined): string | null {
  const trimmed = raw?.trim() ?? '';
  const digits = trimmed.replace(/\D/g, '');
  if (digits.length < MIN_PHONE_DIGITS) return null;
  return trimmed.startsWith('+') ? `+${digits}` : digits;
}

/**
 * What two phones are compared by: the digits alone, so "+79991234567" and "79991234567" (as some
 * channels send it) find the same contact. The SQL twin is contacts.phone_key (migration
 * 20261121030000_crm_leads); the two must stay identical.
 */
export function phoneLookupKey(raw: string | null | undefined): string | null {
  return normalizePhone(raw)?.replace('+', '') ?? null;
}

/** How a client is named to staff: their name, else a contact detail, else an anonymous label. */
export function contactLabel(contact: { id: number; name: string | null; email?: string | null; phone?: string | null }): string {
  return contact.name?.trim() || contact.email || contact.phone || `Visitor #${contact.id}`;
}

/**
 * Whether the business can write to the client later, after the chat (needed before a lead is worth
 * creating): any channel with a lasting address (Telegram, e-mail…), or a left e-mail or phone. An
 * anonymous website visitor who left neither cannot be reached once they close the tab.
 */
export function canWriteBack(channel: Pick<ChannelCapabilities, 'reachableLater'>, contact: { email: string | null; phone: string | null }): boolean {
  return channel.reachableLater || normalizeEmail(contact.email) !== null || normalizePhone(contact.phone) !== null;
}

export interface ResponsibleFacts {
  userId: string;
  active: boolean;
  /** Available now (online, working day started, not on a break or absent). */
  available: boolean;
  /** Holds the hard ceiling of open dialogs already. */
  atCeiling?: boolean;
  /** Already skipped this dialog or let its offer pass: the queue gets it now. */
  letItPass?: boolean;
}

/**
 * Where a new dialog of a known client goes (SPEC §3): with "route to responsible" on, straight to
 * the contact's responsible user even if they are not in the line's queue. If that user is
 * unavailable, the line's availability check decides: on, the general queue takes it; off, it
 * stays with them. An inactive (deactivated) user never gets it, nor one at the ceiling of open
 * dialogs, nor one who already let this dialog pass.
 */
export function responsibleRouting(
  settings: { routeToResponsible: boolean; availabilityCheck: boolean },
  responsible: ResponsibleFacts | null,
): 'responsible' | 'queue' {
  if (!settings.routeToResponsible || responsible === null) return 'queue';
  if (!responsible.active || responsible.atCeiling || responsible.letItPass) return 'queue';
  if (responsible.available || !settings.availabilityCheck) return 'responsible';
  return 'queue';
}

/** The title of the lead created from a new client's first dialog. */
export function leadTitle(contact: Parameters<typeof contactLabel>[0], channelLabel: string): string {
  return `Chat with ${contactLabel(contact)} via ${channelLabel}`;
}

/**
 * What staff may change on a contact from the dialog's contact card. Each field is optional (left
 * as it is); an empty string clears it. E-mail and phone come out normalized.
 */
export const contactChangesSchema = z.object({
  name: z
    .string()
    .trim()
    .max(200, englishErrorText('field.maxChars', { max: '200' }))
    .transform((value) => (value === '' ? null : value))
    .optional(),
  email: z
    .string()
    .trim()
    .max(254, englishErrorText('field.maxChars', { max: '254' }))
    .refine((value) => value === '' || isEmailAddress(value), englishErrorText('crm.email'))
    .transform(normalizeEmail)
    .optional(),
  phone: z
    .string()
    .trim()
    .max(40, englishErrorText('field.maxChars', { max: '40' }))
    .refine((value) => value === '' || normalizePhone(value) !== null, englishErrorText('crm.phone', { min: String(MIN_PHONE_DIGITS) }))
    .transform(normalizePhone)
    .optional(),
  /** Admins and directors only; null clears it. */
  responsibleUserId: z.string().min(1, englishErrorText('crm.responsibleUserId')).nullable().optional(),
});
export type ContactChangesInput = z.input<typeof contactChangesSchema>;
export type ContactChanges = z.output<typeof contactChangesSchema>;

/** How many tags a contact may carry, and how long one may be. */
export const MAX_CONTACT_TAGS = 20;
export const MAX_TAG_LENGTH = 40;

/** A contact's whole tag list as staff set it: trimmed, blanks dropped, repeats (any case) once. */
export const contactTagsSchema = z
  .array(z.string().trim().max(MAX_TAG_LENGTH, `each tag must be at most ${MAX_TAG_LENGTH} characters`))
  .transform((tags) => {
    const seen = new Set<string>();
    return tags.filter((tag) => {
      const key = tag.toLowerCase();
      if (tag === '' || seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  })
  .refine((tags) => tags.length <= MAX_CONTACT_TAGS, englishErrorText('crm.tooManyTags', { max: String(MAX_CONTACT_TAGS) }));

/** A lead an operator creates by hand from the chat. */
export const leadTitleSchema = z.string().trim().min(1, englishErrorText('field.notEmpty')).max(200, englishErrorText('field.maxChars', { max: '200' }));
