/** A duration as typed: the amount stays a string so a half-typed value is not lost. */
export interface DurationDraft {
  amount: string;
  unit: DurationUnit;
}

export type DurationUnit = 'minutes' | 'hours' | 'days';

export const minutesPerUnit: Record<DurationUnit, number> = { minutes: 1, hours: 60, days: 24 * 60 };

/** Shown in the largest unit that fits exactly: 10080 → 7 days, 90 → 90 minutes. */
export function toDurationDraft(minutes: number): DurationDraft {
  if (minutes > 0 && minutes % minutesPerUnit.days === 0) return { amount: String(minutes / minutesPerUnit.days), unit: 'days' };
  if (minutes > 0 && minutes % minutesPerUnit.hours === 0) return { amount: String(minutes / minutesPerUnit.hours), unit: 'hours' };
  return { amount: String(minutes), unit: 'minutes' };
}

/** NaN for an empty or non-numeric amount, so the server names the field. */
export function minutesOf(draft: DurationDraft): number {
  if (draft.amount.trim() === '') return Number.NaN;
  // Rounded to drop float noise (0.1 h × 60), not to hide a fraction of a minute from validation.
  return Math.round(Number(draft.amount) * minutesPerUnit[draft.unit] * 1e6) / 1e6;
}

/** The total spelled out ("1 h 30 min") where the typed amount and unit don't already say it plainly; else null. */
export function describeDraft(draft: DurationDraft, describeMinutes: (minutes: number) => string): string | null {
  const minutes = minutesOf(draft);
  const plain = Number.isInteger(Number(draft.amount)) && (draft.unit !== 'minutes' || minutes < 60);
  const described = describeMinutes(minutes);
  return described && !plain ? described : null;
}
