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
  if (minutes >= 1440 && minutes % 1440 === 0) return minutes === 1440 ? '1 day' : `${minutes / 1440} days`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return `${rest} min`;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
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
