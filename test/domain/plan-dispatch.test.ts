import { describe, expect, it } from 'vitest';
import { lineHasRoom, planDispatch, type DispatchMember, type LineDispatchInput, type WaitingDialog } from '../../domain/routing/plan-dispatch';

const now = new Date('2026-12-03T10:00:00Z');

function member(userId: string, position: number, extra: Partial<DispatchMember> = {}): DispatchMember {
  return { userId, position, lastAssignedAt: null, lineLoad: 0, active: true, available: true, openDialogs: 0, ...extra };
}

function waiting(count: number, extra: Partial<WaitingDialog> = {}): WaitingDialog[] {
  return Array.from({ length: count }, (_, i) => ({ dialogId: i + 1, mode: null, passedBy: [], offeredTo: [], responsibleId: null, ...extra }));
}

function line(overrides: Partial<LineDispatchInput>): LineDispatchInput {
  return {
    mode: 'evenly',
    limit: { enabled: false, maxOpenDialogs: 5 },
    availabilityCheck: true,
    routeToResponsible: false,
    ceiling: 1000,
    members: [member('anna', 0), member('boris', 1), member('vera', 2)],
    responsibles: [],
    waiting: waiting(3),
    now,
    ...overrides,
  };
}

const perOperator = (plan: ReturnType<typeof planDispatch>) => {
  const counts = new Map<string, number>();
  for (const offer of plan.offers) for (const id of offer.operatorIds) counts.set(id, (counts.get(id) ?? 0) + 1);
  return Object.fromEntries(counts);
};

describe('planDispatch', () => {
  it('offers 50 of 300 waiting dialogs to 5 operators with a limit of 10: the oldest, 10 each', () => {
    const members = ['a', 'b', 'c', 'd', 'e'].map((id, i) => member(id, i));
    const plan = planDispatch(line({ members, limit: { enabled: true, maxOpenDialogs: 10 }, waiting: waiting(300) }));
    expect(plan.offers.map((o) => o.dialogId)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(perOperator(plan)).toEqual({ a: 10, b: 10, c: 10, d: 10, e: 10 });
  });

  it('without a limit offers every waiting dialog at once, evenly spread (spread ≤ 1)', () => {
    const plan = planDispatch(line({ waiting: waiting(50) }));
    expect(plan.offers).toHaveLength(50);
    const counts = Object.values(perOperator(plan));
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
  });

  it('evenly starts with the operator idle longest and moves round the queue', () => {
    const members = [member('anna', 0, { lastAssignedAt: '2026-12-03T09:59:00Z' }), member('boris', 1, { lastAssignedAt: '2026-12-03T09:00:00Z' }), member('vera', 2, { lastAssignedAt: '2026-12-03T09:30:00Z' })];
    const plan = planDispatch(line({ members, waiting: waiting(4) }));
    expect(plan.offers.map((o) => o.operatorIds[0])).toEqual(['boris', 'vera', 'anna', 'boris']);
    expect(plan.lastAssigned.map((l) => l.userId).sort()).toEqual(['anna', 'boris', 'vera']);
    expect(plan.lastAssigned.every((l) => Date.parse(l.at) >= now.getTime())).toBe(true);
  });

  it('counts held dialogs and offers against the limit: only the free slots are filled', () => {
    const members = [member('anna', 0, { lineLoad: 2 }), member('boris', 1, { lineLoad: 1 }), member('vera', 2, { lineLoad: 3 })];
    const plan = planDispatch(line({ members, limit: { enabled: true, maxOpenDialogs: 3 }, waiting: waiting(10) }));
    expect(perOperator(plan)).toEqual({ anna: 1, boris: 2 });
  });

  it('never goes above the ceiling of open dialogs, whatever the line allows', () => {
    const members = [member('anna', 0, { openDialogs: 4 }), member('boris', 1, { openDialogs: 5 })];
    const plan = planDispatch(line({ members, ceiling: 5, waiting: waiting(5) }));
    expect(perOperator(plan)).toEqual({ anna: 1 });
  });

  it('leaves out operators who are unavailable or inactive, unless the line does not check availability', () => {
    const members = [member('anna', 0, { available: false }), member('boris', 1, { active: false }), member('vera', 2)];
    expect(perOperator(planDispatch(line({ members, waiting: waiting(2) })))).toEqual({ vera: 2 });
    expect(perOperator(planDispatch(line({ members, availabilityCheck: false, waiting: waiting(2) })))).toEqual({ anna: 1, vera: 1 });
  });

  it('strictly: the first in queue order while they have room, then the next', () => {
    const members = [member('vera', 2), member('anna', 0), member('boris', 1)];
    const plan = planDispatch(line({ mode: 'strictly', members, limit: { enabled: true, maxOpenDialogs: 2 }, waiting: waiting(5) }));
    expect(plan.offers.map((o) => o.operatorIds[0])).toEqual(['anna', 'anna', 'boris', 'boris', 'vera']);
  });

  it('all: every eligible operator at once, each offer counting against each one’s limit', () => {
    const members = [member('anna', 0), member('boris', 1, { lineLoad: 1 })];
    const plan = planDispatch(line({ mode: 'all', members, limit: { enabled: true, maxOpenDialogs: 2 }, waiting: waiting(3) }));
    expect(plan.offers.map((o) => o.operatorIds)).toEqual([['anna', 'boris'], ['anna']]);
  });

  it('a dialog’s own mode overrides the line’s', () => {
    const plan = planDispatch(line({ waiting: [{ ...waiting(1)[0]!, mode: 'all' }] }));
    expect(plan.offers).toEqual([{ dialogId: 1, operatorIds: ['anna', 'boris', 'vera'], mode: 'all', responsible: false, roundAgain: false }]);
  });

  it('skips operators who let the dialog pass, and goes round again once everyone eligible has', () => {
    const one = waiting(1)[0]!;
    expect(planDispatch(line({ mode: 'strictly', waiting: [{ ...one, passedBy: ['anna'] }] })).offers[0]).toMatchObject({ operatorIds: ['boris'], roundAgain: false });
    const members = [member('anna', 0), member('boris', 1), member('vera', 2, { available: false })];
    expect(planDispatch(line({ mode: 'strictly', members, waiting: [{ ...one, passedBy: ['anna', 'boris'] }] })).offers[0]).toMatchObject({ operatorIds: ['anna'], roundAgain: true });
  });

  it('a dialog nobody may take is skipped and a later one still gets the slot', () => {
    const members = [member('anna', 0)];
    const dialogs: WaitingDialog[] = [
      { dialogId: 1, mode: null, passedBy: [], offeredTo: ['anna'], responsibleId: null },
      { dialogId: 2, mode: null, passedBy: [], offeredTo: [], responsibleId: null },
    ];
    expect(planDispatch(line({ members, waiting: dialogs })).offers.map((o) => o.dialogId)).toEqual([2]);
  });

  it('a dialog already offered to all reaches operators who became eligible since, no one twice', () => {
    const dialogs: WaitingDialog[] = [{ dialogId: 1, mode: 'all', passedBy: ['boris'], offeredTo: ['anna'], responsibleId: null }];
    expect(planDispatch(line({ waiting: dialogs })).offers).toEqual([{ dialogId: 1, operatorIds: ['vera'], mode: 'all', responsible: false, roundAgain: false }]);
  });

  it('routes a known client to their responsible user, outside the queue and its limit, within the ceiling', () => {
    const members = [member('anna', 0, { lineLoad: 1 })];
    const dialogs = waiting(3, { responsibleId: 'rita' });
    const input = line({ members, routeToResponsible: true, limit: { enabled: true, maxOpenDialogs: 1 }, ceiling: 2, waiting: dialogs });
    const plan = planDispatch({ ...input, responsibles: [{ userId: 'rita', active: true, available: true, openDialogs: 0 }] });
    expect(plan.offers.map((o) => [o.dialogId, o.operatorIds, o.responsible])).toEqual([
      [1, ['rita'], true],
      [2, ['rita'], true],
    ]);
  });

  it('hands a responsible user’s client to the queue when they let it pass or are away on a line that checks', () => {
    const dialogs: WaitingDialog[] = [
      { dialogId: 1, mode: null, passedBy: ['rita'], offeredTo: [], responsibleId: 'rita' },
      { dialogId: 2, mode: null, passedBy: [], offeredTo: [], responsibleId: 'sam' },
    ];
    const plan = planDispatch({
      ...line({ routeToResponsible: true, waiting: dialogs }),
      responsibles: [
        { userId: 'rita', active: true, available: true, openDialogs: 0 },
        { userId: 'sam', active: true, available: false, openDialogs: 0 },
      ],
    });
    expect(plan.offers.map((o) => o.responsible)).toEqual([false, false]);
  });

  it('keeps capacity for an older dialog whose workflow has not asked yet: newer ones never overtake it', () => {
    const dialogs: WaitingDialog[] = [
      { dialogId: 1, mode: null, passedBy: [], offeredTo: [], responsibleId: null, asking: false },
      { dialogId: 2, mode: null, passedBy: [], offeredTo: [], responsibleId: null },
      { dialogId: 3, mode: null, passedBy: [], offeredTo: [], responsibleId: null },
    ];
    const members = [member('anna', 0), member('boris', 1)];
    const plan = planDispatch(line({ members, limit: { enabled: true, maxOpenDialogs: 1 }, waiting: dialogs }));
    expect(plan.offers.map((o) => [o.dialogId, o.operatorIds])).toEqual([[2, ['boris']]]);
    expect(plan.lastAssigned.map((l) => l.userId)).toEqual(['boris']);
    expect(plan.reserved).toEqual([1]);
  });

  it('offers nothing when nobody is in the queue', () => {
    expect(planDispatch(line({ members: [] })).offers).toEqual([]);
  });
});

describe('lineHasRoom', () => {
  const limit = { enabled: true, maxOpenDialogs: 2 };

  it('is false when every member is at the limit, away, inactive or at the ceiling', () => {
    const members = [member('anna', 0, { lineLoad: 2 }), member('boris', 1, { available: false }), member('vera', 2, { active: false }), member('gleb', 3, { openDialogs: 1000 })];
    expect(lineHasRoom(line({ members, limit }))).toBe(false);
  });

  it('is true when one member has a free slot, or the line does not check availability and an away member has one', () => {
    expect(lineHasRoom(line({ members: [member('anna', 0, { lineLoad: 2 }), member('boris', 1, { lineLoad: 1 })], limit }))).toBe(true);
    expect(lineHasRoom(line({ members: [member('anna', 0, { available: false })], limit, availabilityCheck: false }))).toBe(true);
  });

  it('is true on a line that routes to responsible users, whose room is outside the queue', () => {
    expect(lineHasRoom(line({ members: [member('anna', 0, { lineLoad: 2 })], limit, routeToResponsible: true }))).toBe(true);
  });

  it('agrees with planDispatch: without room a pass offers and keeps nothing, whatever waits (1,000 generated lines)', () => {
    let seed = 7;
    const next = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return Math.floor(seed / 65536) % n;
    };
    let full = 0;
    let offering = 0;
    for (let i = 0; i < 1000; i++) {
      const input = line({
        mode: (['evenly', 'strictly', 'all'] as const)[next(3)]!,
        limit: { enabled: next(4) > 0, maxOpenDialogs: 1 + next(3) },
        availabilityCheck: next(2) === 0,
        routeToResponsible: next(4) === 0,
        ceiling: 2 + next(3),
        members: Array.from({ length: next(4) }, (_, p) => member(`m${p}`, p, { lineLoad: next(4), openDialogs: next(5), active: next(5) > 0, available: next(3) > 0 })),
        responsibles: [{ userId: 'resp', active: true, available: true, openDialogs: next(4) }],
        waiting: waiting(1 + next(5), { responsibleId: next(2) === 0 ? 'resp' : null, asking: next(3) > 0 }),
      });
      const plan = planDispatch(input);
      if (!lineHasRoom(input)) {
        full++;
        expect(plan).toEqual({ offers: [], lastAssigned: [], reserved: [] });
      } else if (plan.offers.length > 0) {
        offering++;
      }
    }
    // The generator reaches both sides.
    expect(full).toBeGreaterThan(100);
    expect(offering).toBeGreaterThan(100);
  });
});
