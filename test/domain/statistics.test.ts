import { describe, expect, it } from 'vitest';
import type { NodeAnalytics } from '../../domain/flows/analytics';
import { daysOfPeriod, fillDays, heatMapGrid, localDay, overlapSeconds, periodInstants, recentPeriod, statisticsFiltersSchema } from '../../domain/statistics';

describe('statistics periods in a line’s time zone', () => {
  it('puts an instant on the local day: a minute either side of Moscow midnight', () => {
    expect(localDay(new Date('2026-03-01T20:59:00Z'), 'Europe/Moscow')).toBe('2026-03-01');
    expect(localDay(new Date('2026-03-01T21:01:00Z'), 'Europe/Moscow')).toBe('2026-03-02');
    expect(localDay(new Date('2026-03-01T21:01:00Z'), 'UTC')).toBe('2026-03-01');
  });

  it('covers 23 hours on the Berlin day clocks go forward and 25 on the day they go back', () => {
    const spring = periodInstants('2026-03-29', '2026-03-29', 'Europe/Berlin');
    expect(spring.start.toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(spring.end.toISOString()).toBe('2026-03-29T22:00:00.000Z');
    const autumn = periodInstants('2026-10-25', '2026-10-25', 'Europe/Berlin');
    expect(autumn.start.toISOString()).toBe('2026-10-24T22:00:00.000Z');
    expect((autumn.end.getTime() - autumn.start.getTime()) / 3_600_000).toBe(25);
    // 01:30 UTC on the spring day is 03:30 summer time, still that day.
    expect(localDay(new Date('2026-03-29T01:30:00Z'), 'Europe/Berlin')).toBe('2026-03-29');
    expect(localDay(new Date('2026-10-25T22:30:00Z'), 'Europe/Berlin')).toBe('2026-10-25');
  });

  it('lists every day of a period across month ends and the default last 30 days end today locally', () => {
    expect(daysOfPeriod('2026-02-27', '2026-03-02')).toEqual(['2026-02-27', '2026-02-28', '2026-03-01', '2026-03-02']);
    expect(recentPeriod(new Date('2026-03-31T22:30:00Z'), 'Europe/Berlin')).toEqual({ from: '2026-03-03', to: '2026-04-01' });
    expect(fillDays('2026-03-01', '2026-03-03', [{ day: '2026-03-02', dialogs: 4 }], (day) => ({ day, dialogs: 0 }))).toEqual([
      { day: '2026-03-01', dialogs: 0 },
      { day: '2026-03-02', dialogs: 4 },
      { day: '2026-03-03', dialogs: 0 },
    ]);
  });

  it('refuses a period that ends before it starts, a day not on the calendar, and a period over a year, naming the field', () => {
    const problems = (input: unknown) => statisticsFiltersSchema.safeParse(input).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(problems({ from: '2026-03-02', to: '2026-03-01' })).toEqual(['to: must be on or after "from"; swap the dates']);
    expect(problems({ from: '2026-02-30', to: '2026-03-01' })).toEqual(['from: is not a day of the calendar']);
    expect(problems({ from: '2025-01-01', to: '2026-03-01' })?.[0]).toMatch(/^to: must be at most 366 days/);
    expect(problems({ from: '2024-01-01', to: '2024-12-31' })).toBeUndefined();
  });
});

describe('heat map and online time', () => {
  it('fills the 7 × 24 grid Monday first with zeros where nothing came', () => {
    const grid = heatMapGrid([{ weekday: 7, hour: 23, dialogs: 3 }, { weekday: 1, hour: 0, dialogs: 1 }]);
    expect(grid).toHaveLength(7);
    expect(grid.every((row) => row.length === 24)).toBe(true);
    expect(grid[0]![0]).toEqual({ weekday: 1, hour: 0, dialogs: 1 });
    expect(grid[6]![23]).toEqual({ weekday: 7, hour: 23, dialogs: 3 });
    expect(grid.flat().reduce((sum, cell) => sum + cell.dialogs, 0)).toBe(4);
  });

  it('sums only the part of each interval inside the period, an open interval up to now', () => {
    const period = { start: new Date('2026-03-01T00:00:00Z'), end: new Date('2026-03-02T00:00:00Z') };
    const intervals = [
      { start: new Date('2026-02-28T23:00:00Z'), end: new Date('2026-03-01T01:00:00Z') }, // 1 h inside
      { start: new Date('2026-03-01T10:00:00Z'), end: new Date('2026-03-01T10:30:00Z') }, // 30 min
      { start: new Date('2026-03-01T23:00:00Z'), end: null }, // open: up to now
    ];
    expect(overlapSeconds(intervals, period, new Date('2026-03-01T23:15:00Z'))).toBe(3600 + 1800 + 900);
    expect(overlapSeconds(intervals, period, new Date('2026-03-05T00:00:00Z'))).toBe(3600 + 1800 + 3600);
  });
});

describe('flow analytics: a run’s path and the counts per node and edge', () => {
  it('records outputs followed, the stop node, jumps between flows, and shows drop-off where runs stopped', async () => {
    const { FlowPath, flowAnalytics } = await import('../../domain/flows/analytics');
    const path = new FlowPath();
    const one = { flowId: 1, version: 2 };
    path.step(one, [{ nodeId: 'start', handle: 'next' }], 'ask');
    path.step(one, [], 'ask'); // waiting for the answer: no move
    path.step(one, [{ nodeId: 'ask', handle: 'choice-1' }], 'jump');
    path.step({ flowId: 7, version: 1 }, [{ nodeId: 'start', handle: 'next' }], 'bye');
    expect(path.finish()).toEqual([
      { flowId: 1, version: 2, nodeId: 'start', handle: 'next' },
      { flowId: 1, version: 2, nodeId: 'ask', handle: 'choice-1' },
      { flowId: 1, version: 2, nodeId: 'jump', handle: null },
      { flowId: 7, version: 1, nodeId: 'start', handle: 'next' },
      { flowId: 7, version: 1, nodeId: 'bye', handle: null },
    ]);

    const document = {
      schemaVersion: 2 as const,
      kind: 'bot' as const,
      nodes: [
        { id: 'start', kind: 'start' as const, position: { x: 0, y: 0 } },
        { id: 'wait', kind: 'wait' as const, position: { x: 1, y: 0 }, mode: 'reply' as const, minutes: 5 },
        { id: 'done', kind: 'handoff' as const, position: { x: 2, y: 0 }, lineId: null },
      ],
      edges: [
        { id: 'e1', source: 'start', sourceHandle: 'next', target: 'wait' },
        { id: 'e2', source: 'wait', sourceHandle: 'next', target: 'done' },
      ],
      variables: [],
    };
    const result = flowAnalytics(document as never, [
      { nodeId: 'start', handle: undefined, dialogs: 10 },
      { nodeId: 'start', handle: 'next', dialogs: 10 },
      { nodeId: 'wait', handle: undefined, dialogs: 10 },
      { nodeId: 'wait', handle: 'next', dialogs: 6 },
      { nodeId: 'wait', handle: null, dialogs: 4 },
      { nodeId: 'done', handle: undefined, dialogs: 6 },
      { nodeId: 'done', handle: null, dialogs: 6 },
    ]);
    expect(result.nodes.find((n) => n.nodeId === 'wait')).toMatchObject({ reached: 10, stopped: 4, dropOff: 0.4 });
    expect(result.nodes.find((n) => n.nodeId === 'done')).toMatchObject({ reached: 6, stopped: 6, dropOff: null });
    expect(result.edges).toEqual([{ edgeId: 'e1', dialogs: 10 }, { edgeId: 'e2', dialogs: 6 }]);
  });

  it('sums up a period: dialogs that entered, finished at an end node, dropped off before, and the node that lost the most', async () => {
    const { summarizeFlowAnalytics } = await import('../../domain/flows/analytics');
    const document = { nodes: [{ id: 'start', kind: 'start' }, { id: 'ask', kind: 'ask' }, { id: 'check', kind: 'condition' }, { id: 'sales', kind: 'handoff' }] };
    const nodes: NodeAnalytics[] = [
      { nodeId: 'start', reached: 10, left: { next: 10 }, stopped: 0, dropOff: 0 },
      { nodeId: 'ask', reached: 10, left: { next: 7 }, stopped: 3, dropOff: 0.3 },
      { nodeId: 'check', reached: 7, left: { true: 4, false: 0 }, stopped: 3, dropOff: 3 / 7 },
      { nodeId: 'sales', reached: 4, left: {}, stopped: 4, dropOff: null },
    ];
    // Equal losses: the node that lost the larger share of its dialogs.
    expect(summarizeFlowAnalytics(document as never, nodes)).toEqual({ entered: 10, finished: 4, droppedOff: 6, biggestDropOff: 'check' });
    const quiet = nodes.map((node) => ({ ...node, reached: 0, stopped: 0, dropOff: node.dropOff === null ? null : 0 }));
    expect(summarizeFlowAnalytics(document as never, quiet)).toEqual({ entered: 0, finished: 0, droppedOff: 0, biggestDropOff: null });
  });

  it('draws the busiest edge thickest and an edge nobody took thinnest', async () => {
    const { edgeStrokeWidth } = await import('../../web/features/flows/analytics/overlay');
    expect(edgeStrokeWidth(0, 40)).toBe(1.25);
    expect(edgeStrokeWidth(40, 40)).toBe(9);
    expect(edgeStrokeWidth(10, 40)).toBeGreaterThan(edgeStrokeWidth(1, 40));
    expect(edgeStrokeWidth(10, 40)).toBeLessThan(9);
  });
});
