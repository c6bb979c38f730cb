import { z } from 'zod';
import { englishErrorText } from './error-messages';

/**
 * Retention, export and erase of a client's data (SPEC §9, GDPR / 152-FZ). The pure rules: which
 * dialogs retention may delete, what an erase confirmation must say, how an export is named.
 */

const DAY_MS = 24 * 60 * 60 * 1000;

/** "Delete closed dialogs older than N days": a whole number of days, at least 1. */
export const retentionDaysSchema = z
  .number({ error: englishErrorText('field.wholeNumber') })
  .int(englishErrorText('field.wholeNumber'))
  .min(1, englishErrorText('field.atLeast', { min: '1' }))
  .max(36_500, englishErrorText('field.atMost', { max: '36500' }));

/**
 * How many dialogs the retention sweep deletes at once: one transaction, one activity removing
 * their workflow histories — short enough to retry, few enough locks.
 */
export const RETENTION_BATCH_SIZE = 200;

/** Dialogs closed before this moment are old enough to delete. */
export function retentionCutoff(now: Date, days: number): Date {
  return new Date(now.getTime() - days * DAY_MS);
}

/** Retention deletes only closed dialogs, closed before the cut-off: never an open one. */
export function isRetentionEligible(dialog: { status: string; closed_at: Date | null }, cutoff: Date): boolean {
  return dialog.status === 'closed' && dialog.closed_at !== null && dialog.closed_at.getTime() < cutoff.getTime();
}

/**
 * An erase is confirmed by typing the contact's label (their name, else e-mail, phone or
 * "Visitor #id", as the contact card shows it): case and surrounding spaces do not matter.
 */
export function eraseConfirmed(label: string, typed: string): boolean {
  const norm = (text: string) => text.trim().replace(/\s+/g, ' ').toLocaleLowerCase();
  return norm(typed) !== '' && norm(typed) === norm(label);
}

/** The export's download name: no personal data in it, only the contact's id and the day. */
export function contactExportFileName(contactId: number, now: Date): string {
  return `contact-${contactId}-${now.toISOString().slice(0, 10)}.zip`;
}

/** A file's path inside the export archive: unique by id, its name made safe for any unzip tool. */
export function exportedFilePath(file: { id: number; name: string }): string {
  const cleaned = [...file.name].map((ch) => (ch.charCodeAt(0) < 32 || '\\/:*?"<>|'.includes(ch) ? '_' : ch)).join('');
  const safe = cleaned.replace(/^\.+/, '_').slice(0, 120) || 'file';
  return `files/${file.id}-${safe}`;
}
