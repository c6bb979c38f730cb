import { z } from 'zod';

/** SPEC §3 KPI: which answer-time limit a dialog went over. */
export const kpiKindSchema = z.enum(['first_answer', 'further_answer']);
export type KpiKind = z.infer<typeof kpiKindSchema>;

export const kpiKindLabels: Record<KpiKind, string> = {
  first_answer: 'First answer',
  further_answer: 'Further answer',
};

/** What a KPI alert notification stores: enough to describe it without reading the violation. */
export const kpiAlertDataSchema = z.object({
  violation: kpiKindSchema,
  limitMinutes: z.number().int().positive(),
  waitingSince: z.string(),
  operatorId: z.string().nullable(),
});
export type KpiAlertData = z.infer<typeof kpiAlertDataSchema>;

/** "5 min", "1 h 30 min", "1 day": a limit as the line editor shows it. */
export function formatLimit(minutes: number): string {
  const parts = limitParts(minutes);
  if ('days' in parts) return parts.days === 1 ? '1 day' : `${parts.days} days`;
  if (parts.hours === 0) return `${parts.minutes} min`;
  return parts.minutes === 0 ? `${parts.hours} h` : `${parts.hours} h ${parts.minutes} min`;
}

/** How a limit is said: whole days, else hours and minutes (the UI words the parts in its language). */
export function limitParts(minutes: number): { days: number } | { hours: number; minutes: number } {
  if (minutes >= 1440 && minutes % 1440 === 0) return { days: minutes / 1440 };
  return { hours: Math.floor(minutes / 60), minutes: minutes % 60 };
}

/** "Dialog #42 (Website): first answer overdue — limit 5 min" */
export function describeKpiAlert(alert: { dialogId: number; lineName: string | null; violation: KpiKind; limitMinutes: number }): string {
  const line = alert.lineName ? ` (${alert.lineName})` : '';
  const what = alert.violation === 'first_answer' ? 'first answer' : 'further answer';
  return `Dialog #${alert.dialogId}${line}: ${what} overdue — limit ${formatLimit(alert.limitMinutes)}`;
}

/**
 * Who is alerted: the dialog's operator (if any) and the line's listed users, each once, the
 * operator first. Whether they are still active is for the caller to check.
 */
export function kpiAlertRecipients(operatorId: string | null, alertUserIds: readonly string[]): string[] {
  return [...new Set([...(operatorId ? [operatorId] : []), ...alertUserIds])];
}
