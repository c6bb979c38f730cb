import { z } from 'zod';
import { channelKindSchema } from './channels';
import { dialogStatusSchema } from './dialog';
import { englishErrorText } from './error-messages';

/**
 * The dialog history's filters (issue 11): one schema for the tRPC input and the page's URL, so a
 * shared or reloaded link asks for exactly what the form showed. Dates are calendar days in the
 * viewer's time zone; a range includes both ends.
 */
export const historySorts = ['newest', 'oldest', 'activity'] as const;
export type HistorySort = (typeof historySorts)[number];
export const historySortLabels: Record<HistorySort, string> = {
  newest: 'Newest first',
  oldest: 'Oldest first',
  activity: 'Last activity',
};

/** The client's rating: a value, or whether there is one at all. */
export const historyRatings = ['like', 'dislike', '1', '2', '3', '4', '5', 'rated', 'unrated'] as const;
export type HistoryRating = (typeof historyRatings)[number];
export const historyRatingLabels: Record<HistoryRating, string> = {
  like: 'Like',
  dislike: 'Dislike',
  '1': '1 star',
  '2': '2 stars',
  '3': '3 stars',
  '4': '4 stars',
  '5': '5 stars',
  rated: 'Any rating',
  unrated: 'Not rated',
};

export const MAX_SEARCH_LENGTH = 200;

const dayPattern = /^\d{4}-\d{2}-\d{2}$/;

/** A calendar day as YYYY-MM-DD that exists (2026-02-30 does not). */
export function isCalendarDay(value: string): boolean {
  if (!dayPattern.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

const daySchema = z.string().refine(isCalendarDay, { message: englishErrorText('history.day') });

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

export const historyFiltersSchema = z
  .object({
    q: z.string().trim().max(MAX_SEARCH_LENGTH, englishErrorText('field.maxChars', { max: String(MAX_SEARCH_LENGTH) })).optional(),
    statuses: z.array(dialogStatusSchema).max(dialogStatusSchema.options.length).optional(),
    lineId: z.number().int().positive().optional(),
    channelKind: channelKindSchema.optional(),
    operatorId: z.string().min(1).max(100).optional(),
    createdFrom: daySchema.optional(),
    createdTo: daySchema.optional(),
    closedFrom: daySchema.optional(),
    closedTo: daySchema.optional(),
    rating: z.enum(historyRatings).optional(),
    missed: z.boolean().optional(),
    /** Only this client's dialogs (the dialog view's "earlier dialogs"). */
    contactId: z.number().int().positive().optional(),
  })
  .superRefine((filters, ctx) => {
    const ranges = [
      ['createdFrom', 'createdTo', 'created'],
      ['closedFrom', 'closedTo', 'closed'],
    ] as const;
    for (const [from, to, label] of ranges) {
      const start = filters[from];
      const end = filters[to];
      if (start && end && start > end) {
        ctx.addIssue({ code: 'custom', path: [to], message: englishErrorText(label === 'created' ? 'history.createdRange' : 'history.closedRange', { start }) });
      }
    }
  });
export type HistoryFilters = z.infer<typeof historyFiltersSchema>;

export const timeZoneSchema = z.string().max(64).refine(isTimeZone, { message: englishErrorText('history.timeZone') });

/** Filters that narrow the list (everything but the search text), for the "N filters" badge and "Clear". */
export function activeFilterCount(filters: HistoryFilters): number {
  return (Object.keys(filters) as (keyof HistoryFilters)[]).filter((key) => {
    if (key === 'q' || key === 'contactId') return false;
    const value = filters[key];
    return Array.isArray(value) ? value.length > 0 : value !== undefined;
  }).length;
}
