import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createActivities } from '../../activities';
import type { KpiKind } from '../../domain/kpi';
import { createLine, createUser } from '../support/fixtures';
import { apiAs, insertDialog, rejection, sessionUser, useApiDatabase } from './helpers';

/** SPEC §8 "KPI violations" in statistics: for admins and directors, filtered, counted per operator. */
const shared = useApiDatabase();

async function violate(line: { lineId: number; channelId: number }, operatorId: string | null, kind: KpiKind, detectedAt?: Date): Promise<number> {
  const dialogId = await insertDialog(shared.deps.db, { ...line, status: operatorId ? 'in_work' : 'queued', operatorId });
  await createActivities({ db: shared.deps.db, maxOpenDialogsPerOperator: 1000 }).raiseKpiAlert({
    dialogId,
    kind,
    operatorId,
    limitMinutes: kind === 'first_answer' ? 5 : 15,
    waitingSince: new Date().toISOString(),
  });
  // Detected earlier than now: back-dated by hand (the column is never updated by the app).
  if (detectedAt) await sql`update kpi_violations set detected_at = ${detectedAt} where dialog_id = ${dialogId}`.execute(shared.deps.db);
  return dialogId;
}

describe('kpi.violations', () => {
  it('counts violations per operator and kind, within the line, operator and period asked for', async () => {
    const anna = await createUser(shared.deps.db, 'manager', 'Anna');
    const boris = await createUser(shared.deps.db, 'manager', 'Boris');
    const director = await createUser(shared.deps.db, 'director');
    const sales = await createLine(shared.deps.db, { name: 'Sales', operators: [anna.id, boris.id] });
    const support = await createLine(shared.deps.db, { name: 'Support', operators: [anna.id] });
    const lastMonth = new Date('2026-01-15T12:00:00Z');
    await violate(sales, anna.id, 'first_answer');
    await violate(sales, anna.id, 'further_answer');
    await violate(sales, anna.id, 'further_answer');
    await violate(sales, boris.id, 'first_answer');
    const unassigned = await violate(sales, null, 'first_answer');
    await violate(support, anna.id, 'first_answer');
    await violate(sales, boris.id, 'further_answer', lastMonth);
    const api = apiAs(shared.deps, sessionUser(director, 'director'));

    const sinceFebruary = await api.kpi.violations({ lineId: sales.lineId, from: new Date('2026-02-01T00:00:00Z') });
    expect(sinceFebruary.total).toBe(5);
    expect(sinceFebruary.perOperator).toEqual([
      { operator: { id: anna.id, name: 'Anna' }, firstAnswer: 1, furtherAnswer: 2, total: 3 },
      { operator: { id: boris.id, name: 'Boris' }, firstAnswer: 1, furtherAnswer: 0, total: 1 },
      { operator: null, firstAnswer: 1, furtherAnswer: 0, total: 1 },
    ]);
    expect(sinceFebruary.items).toHaveLength(5);
    expect(sinceFebruary.items.find((v) => v.dialogId === unassigned)).toMatchObject({ line: { name: 'Sales' }, operator: null, kind: 'first_answer', limitMinutes: 5 });

    const annaEverywhere = await api.kpi.violations({ operatorId: anna.id });
    expect(annaEverywhere.perOperator).toEqual([{ operator: { id: anna.id, name: 'Anna' }, firstAnswer: 2, furtherAnswer: 2, total: 4 }]);
    expect(new Set(annaEverywhere.items.map((v) => v.line.name))).toEqual(new Set(['Sales', 'Support']));

    const january = await api.kpi.violations({ from: new Date('2026-01-01T00:00:00Z'), to: new Date('2026-02-01T00:00:00Z') });
    expect(january.perOperator).toEqual([{ operator: { id: boris.id, name: 'Boris' }, firstAnswer: 0, furtherAnswer: 1, total: 1 }]);
  });

  it('is refused to managers, and to a period that ends before it starts, naming the field; admins get the filter options', async () => {
    const anna = await createUser(shared.deps.db, 'manager');
    const admin = await createUser(shared.deps.db, 'admin');
    const forbidden = await rejection(apiAs(shared.deps, sessionUser(anna, 'manager')).kpi.violations({}));
    expect(forbidden.code).toBe('FORBIDDEN');
    expect((await rejection(apiAs(shared.deps, sessionUser(anna, 'manager')).kpi.filterOptions())).code).toBe('FORBIDDEN');

    const backwards = await rejection(apiAs(shared.deps, sessionUser(admin, 'admin')).kpi.violations({ from: new Date('2026-02-01'), to: new Date('2026-01-01') }));
    expect(backwards.code).toBe('BAD_REQUEST');
    expect(backwards.message).toBe('to: must be after "from"; swap the dates or widen the range');
    const options = await apiAs(shared.deps, sessionUser(admin, 'admin')).kpi.filterOptions();
    expect(options.operators.map((o) => o.id)).toContain(anna.id);
  });
});
