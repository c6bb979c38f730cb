/** The KPI page's filters as typed: empty strings mean "any". Dates are local calendar days, inclusive. */
export interface KpiFilterDraft {
  lineId: string;
  operatorId: string;
  from: string;
  to: string;
}

/** `yyyy-mm-dd` of a local day, as <input type="date"> holds it. */
export function toDateInput(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** Local midnight starting `day` (`yyyy-mm-dd`), `offsetDays` later; undefined for an empty or unreadable day. */
function localMidnight(day: string, offsetDays = 0): Date | undefined {
  const [y, m, d] = day.split('-').map(Number);
  if (!y || !m || !d) return undefined;
  return new Date(y, m - 1, d + offsetDays);
}

/** The last 30 days, today included. */
export function defaultKpiFilters(now = new Date()): KpiFilterDraft {
  const from = new Date(now.getFullYear(), now.getMonth(), now.getDate() - 29);
  return { lineId: '', operatorId: '', from: toDateInput(from), to: toDateInput(now) };
}

/** What kpi.violations takes: the "to" day counts whole, so the range ends at the next midnight. */
export function toViolationsInput(draft: KpiFilterDraft) {
  return {
    ...(draft.lineId ? { lineId: Number(draft.lineId) } : {}),
    ...(draft.operatorId ? { operatorId: draft.operatorId } : {}),
    from: localMidnight(draft.from),
    to: localMidnight(draft.to, 1),
  };
}
