import { TRPCError } from '@trpc/server';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import superjson from 'superjson';
import { describe, expect, it } from 'vitest';
import { isOperatorAvailable, type AbsenceKind, type OperatorAvailabilityInput, type Presence, type Workday } from '../../domain/availability';
import { availableUserIdsAmong } from '../../db/queries/availability';
import { replaceQueue } from '../../db/queries/lines';
import { createContextForUser } from '../../web/server/trpc/init';
import { appRouter } from '../../web/server/trpc/routers/_app';
import { createAbsence, removeAbsence, setMyPresence, stepMyWorkday } from '../../web/server/services/availability';
import { dialogHandle, sendClientMessage, terminateDialogs, waitForState } from '../support/dialogs';
import { createLine, createUser } from '../support/fixtures';
import { useTestWorker } from '../support/worker';
import { apiAs, manualLiveBus, PUBLIC_URL, sessionUser } from './helpers';

/** SPEC §5 presence and absences, and what they tell the dialog workflows (§4 rules 3 and 4). */
const testWorker = useTestWorker();

const deps = () => ({ db: testWorker.worker.db, temporal: testWorker.worker.client, taskQueue: testWorker.worker.taskQueue });

async function operator(name?: string) {
  return sessionUser(await createUser(testWorker.worker.db, 'manager', name, { atWork: false }), 'manager');
}
async function admin() {
  return sessionUser(await createUser(testWorker.worker.db, 'admin'), 'admin');
}

async function refusal(call: Promise<unknown>): Promise<TRPCError> {
  const error = await call.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof TRPCError)) throw new Error(`expected a TRPCError, got ${String(error)}`);
  return error;
}

async function absenceCount(userId: string): Promise<number> {
  const rows = await testWorker.worker.db.selectFrom('user_absences').select('id').where('user_id', '=', userId).execute();
  return rows.length;
}

const hours = (n: number) => new Date(Date.now() + n * 3_600_000).toISOString();

describe('presence and working day', () => {
  it('starts offline with the day not started, and becomes available once online and working', async () => {
    const api = apiAs(deps(), await operator());
    expect(await api.availability.me()).toMatchObject({
      presence: 'offline',
      workday: 'not_started',
      available: false,
      reason: 'Offline',
      status: { label: 'Offline', tone: 'gray' },
      currentAbsence: null,
    });

    expect(await api.availability.setPresence({ presence: 'online' })).toEqual({ presence: 'online', workday: 'not_started', available: false });
    expect((await api.availability.me()).reason).toBe('Working day not started');

    expect(await api.availability.startWorkday()).toEqual({ presence: 'online', workday: 'working', available: true });
    expect(await api.availability.me()).toMatchObject({ available: true, reason: null, status: { label: 'Online', tone: 'green' } });
  });

  it('walks through a break and the end of the day, and starts again the next day', async () => {
    const api = apiAs(deps(), await operator());
    await api.availability.setPresence({ presence: 'online' });
    await api.availability.startWorkday();

    expect(await api.availability.startBreak()).toMatchObject({ workday: 'on_break', available: false });
    expect((await api.availability.me()).reason).toBe('On a break');
    expect(await api.availability.endBreak()).toMatchObject({ workday: 'working', available: true });
    expect(await api.availability.endWorkday()).toMatchObject({ workday: 'finished', available: false });
    expect((await api.availability.me()).reason).toBe('Working day finished');
    expect(await api.availability.startWorkday()).toMatchObject({ workday: 'working', available: true });

    expect(await api.availability.setPresence({ presence: 'away' })).toMatchObject({ presence: 'away', available: false });
    expect(await api.availability.me()).toMatchObject({ reason: 'Away', status: { label: 'Away', tone: 'amber' } });
  });

  it('refuses steps out of order with BAD_REQUEST naming the problem, and changes nothing', async () => {
    const api = apiAs(deps(), await operator());

    let error = await refusal(api.availability.startBreak());
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toBe('Start your working day before taking a break.');
    error = await refusal(api.availability.endBreak());
    expect(error.message).toBe('You are not on a break, so there is no break to end.');
    error = await refusal(api.availability.endWorkday());
    expect(error.message).toBe('Your working day has not started, so it cannot end.');
    expect((await api.availability.me()).workday).toBe('not_started');

    await api.availability.startWorkday();
    error = await refusal(api.availability.startWorkday());
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toBe('Your working day has already started.');
    expect((await api.availability.me()).workday).toBe('working');
  });

  it('refuses an unknown presence naming the field', async () => {
    const api = apiAs(deps(), await operator());
    const error = await refusal(api.availability.setPresence({ presence: 'busy' as Presence }));
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toBe('presence: must be online, away or offline');
  });

  it('asks a signed-out caller to sign in', async () => {
    const error = await refusal(apiAs(deps(), null).availability.me());
    expect(error.code).toBe('UNAUTHORIZED');
  });
});

describe('absences', () => {
  it('lets an admin add, list and delete an absence, which the operator sees as the reason', async () => {
    const boss = await admin();
    const anna = await operator('Anna');
    const api = apiAs(deps(), boss);
    const annaApi = apiAs(deps(), anna);
    await annaApi.availability.setPresence({ presence: 'online' });
    await annaApi.availability.startWorkday();

    const endsAt = '2099-01-04T08:00:00.000Z';
    const { id } = await api.availability.absences.create({ userId: anna.id, startsAt: hours(-1), endsAt, kind: 'vacation', note: '  Skiing  ' });
    const listed = await api.availability.absences.list({ userId: anna.id });
    expect(listed).toEqual([
      expect.objectContaining({ id, userId: anna.id, kind: 'vacation', note: 'Skiing', endsAt: new Date(endsAt), createdByName: boss.name }),
    ]);
    expect(await annaApi.availability.me({ timeZone: 'UTC' })).toMatchObject({
      available: false,
      reason: 'On vacation until 4 Jan 2099',
      status: { label: 'Vacation', tone: 'red' },
      currentAbsence: expect.objectContaining({ id }) as unknown,
    });

    await api.availability.absences.delete({ id });
    expect(await api.availability.absences.list({ userId: anna.id })).toEqual([]);
    expect(await annaApi.availability.me()).toMatchObject({ available: true, currentAbsence: null });
  });

  it('lists finished absences only when asked', async () => {
    const api = apiAs(deps(), await admin());
    const vera = await operator();
    await api.availability.absences.create({ userId: vera.id, startsAt: hours(-48), endsAt: hours(-24), kind: 'sick_leave', note: '' });
    expect(await api.availability.absences.list({ userId: vera.id })).toEqual([]);
    expect(await api.availability.absences.list({ userId: vera.id, includePast: true })).toHaveLength(1);
  });

  it('refuses an absence ending before it starts, naming endsAt, and writes nothing', async () => {
    const api = apiAs(deps(), await admin());
    const vera = await operator();
    const error = await refusal(api.availability.absences.create({ userId: vera.id, startsAt: hours(5), endsAt: hours(1), kind: 'vacation', note: '' }));
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toBe('endsAt: must be after the start');
    expect(await absenceCount(vera.id)).toBe(0);
  });

  it('refuses an unknown user naming userId, and writes nothing', async () => {
    const api = apiAs(deps(), await admin());
    const error = await refusal(api.availability.absences.create({ userId: 'no-such-user', startsAt: hours(1), endsAt: hours(5), kind: 'other', note: '' }));
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toMatch(/^userId: this user does not exist/);
    expect(await absenceCount('no-such-user')).toBe(0);
  });

  it('answers over HTTP with 400 and fieldErrors for each bad field', async () => {
    const user = await admin();
    const response = await fetchRequestHandler({
      endpoint: '/api/trpc',
      req: new Request(`${PUBLIC_URL}/api/trpc/availability.absences.create`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(superjson.serialize({ userId: user.id, startsAt: '', endsAt: hours(1), kind: 'holiday', note: '' })),
      }),
      router: appRouter,
      createContext: () => createContextForUser({ ...deps(), liveBus: manualLiveBus(), publicUrl: PUBLIC_URL }, user),
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { json: { data: { fieldErrors: Record<string, string[]> } } } };
    expect(body.error.json.data.fieldErrors).toEqual({ startsAt: ['must not be empty: pick a date and time'], kind: ['must be vacation, sick leave or other'] });
    expect(await absenceCount(user.id)).toBe(0);
  });

  it('answers NOT_FOUND for deleting an absence that does not exist', async () => {
    const error = await refusal(apiAs(deps(), await admin()).availability.absences.delete({ id: 987_654 }));
    expect(error.code).toBe('NOT_FOUND');
    expect(error.message).toBe('Absence #987654 does not exist (deleted meanwhile?). Reload the page.');
  });

  it('is for admins only: operators and directors cannot list, add or delete absences', async () => {
    const boss = await admin();
    const anna = await operator();
    const { id } = await apiAs(deps(), boss).availability.absences.create({ userId: anna.id, startsAt: hours(1), endsAt: hours(9), kind: 'other', note: '' });
    for (const someone of [anna, sessionUser(await createUser(testWorker.worker.db, 'director'), 'director')]) {
      const api = apiAs(deps(), someone);
      expect((await refusal(api.availability.absences.list({ userId: anna.id }))).code).toBe('FORBIDDEN');
      expect((await refusal(api.availability.absences.create({ userId: anna.id, startsAt: hours(1), endsAt: hours(2), kind: 'other', note: '' }))).code).toBe(
        'FORBIDDEN',
      );
      expect((await refusal(api.availability.absences.delete({ id }))).code).toBe('FORBIDDEN');
      expect((await refusal(api.availability.users.listWithAvailability())).code).toBe('FORBIDDEN');
    }
    expect(await absenceCount(anna.id)).toBe(1);
  });

  it('lists users with presence, working day, current and next absence', async () => {
    const api = apiAs(deps(), await admin());
    const anna = await operator('Anna Avail');
    const boris = await operator('Boris Avail');
    const annaApi = apiAs(deps(), anna);
    await annaApi.availability.setPresence({ presence: 'online' });
    await annaApi.availability.startWorkday();
    await annaApi.availability.startBreak();
    await api.availability.absences.create({ userId: anna.id, startsAt: hours(24), endsAt: hours(48), kind: 'vacation', note: '' });
    await api.availability.absences.create({ userId: boris.id, startsAt: hours(-1), endsAt: hours(3), kind: 'sick_leave', note: 'Flu' });

    const users = await api.availability.users.listWithAvailability();
    expect(users.find((u) => u.id === anna.id)).toMatchObject({
      name: 'Anna Avail',
      role: 'manager',
      presence: 'online',
      workday: 'on_break',
      available: false,
      status: { label: 'On a break' },
      currentAbsence: null,
      nextAbsence: expect.objectContaining({ kind: 'vacation' }) as unknown,
    });
    expect(users.find((u) => u.id === boris.id)).toMatchObject({
      presence: 'offline',
      workday: 'not_started',
      status: { label: 'Sick leave', tone: 'red' },
      reason: expect.stringMatching(/^On sick leave until /) as unknown,
      currentAbsence: expect.objectContaining({ kind: 'sick_leave', note: 'Flu' }) as unknown,
      nextAbsence: null,
    });
  });
});

describe('availableUserIdsAmong', () => {
  it('agrees with isOperatorAvailable', async () => {
    const db = testWorker.worker.db;
    const at = new Date('2026-11-25T10:00:00Z');
    type Case = { presence?: Presence; workday?: Workday; active?: boolean; absences?: { startsAt: string; endsAt: string; kind: AbsenceKind }[] };
    const cases: Case[] = [
      { presence: 'online', workday: 'working' },
      {},
      { presence: 'online', workday: 'working', active: false },
      { presence: 'away', workday: 'working' },
      { presence: 'offline', workday: 'working' },
      { presence: 'online', workday: 'on_break' },
      { presence: 'online', workday: 'not_started' },
      { presence: 'online', workday: 'finished' },
      { presence: 'online', workday: 'working', absences: [{ startsAt: '2026-11-20T00:00:00Z', endsAt: '2026-12-01T00:00:00Z', kind: 'vacation' }] },
      { presence: 'online', workday: 'working', absences: [{ startsAt: '2026-11-01T00:00:00Z', endsAt: '2026-11-02T00:00:00Z', kind: 'vacation' }] },
      { presence: 'online', workday: 'working', absences: [{ startsAt: '2026-12-20T00:00:00Z', endsAt: '2026-12-22T00:00:00Z', kind: 'other' }] },
      // The boundaries: an absence starting exactly now counts, one ending exactly now does not.
      { presence: 'online', workday: 'working', absences: [{ startsAt: at.toISOString(), endsAt: '2026-11-26T00:00:00Z', kind: 'sick_leave' }] },
      { presence: 'online', workday: 'working', absences: [{ startsAt: '2026-11-24T00:00:00Z', endsAt: at.toISOString(), kind: 'sick_leave' }] },
    ];
    const expected: string[] = [];
    const ids: string[] = [];
    for (const c of cases) {
      const user = await createUser(db, 'manager', undefined, { atWork: false });
      ids.push(user.id);
      if (c.active === false) await db.updateTable('users').set({ active: false }).where('id', '=', user.id).execute();
      if (c.presence && c.workday) await db.insertInto('operator_states').values({ user_id: user.id, presence: c.presence, workday: c.workday }).execute();
      for (const a of c.absences ?? []) {
        await db.insertInto('user_absences').values({ user_id: user.id, starts_at: a.startsAt, ends_at: a.endsAt, kind: a.kind }).execute();
      }
      const input: OperatorAvailabilityInput = {
        active: c.active ?? true,
        presence: c.presence ?? 'offline',
        workday: c.workday ?? 'not_started',
        absences: c.absences ?? [],
      };
      if (isOperatorAvailable(input, at)) expected.push(user.id);
    }
    expect(expected).toHaveLength(4);
    expect(await availableUserIdsAmong(db, ids, at)).toEqual(expected);
    expect(await availableUserIdsAmong(db, [...ids].reverse(), at)).toEqual([...expected].reverse());
    expect(await availableUserIdsAmong(db, [], at)).toEqual([]);
  });
});

describe('telling the dialogs', () => {
  it('wakes a queued dialog of the line when its operator becomes available, and it gets offered', async () => {
    const vera = await operator('Vera');
    const { lineId, channelId } = await createLine(testWorker.worker.db, { operators: [] });
    const { dialogId } = await sendClientMessage(deps(), channelId);
    try {
      await waitForState(testWorker.worker.client, dialogId, (s) => s.status === 'queued');
      // Joined the queue behind the workflow's back: only the availability change can wake it now.
      await replaceQueue(testWorker.worker.db, lineId, [vera.id]);

      const online = await setMyPresence(deps(), vera, 'online');
      expect(online).toMatchObject({ state: { available: false }, woken: [], signalled: [] });
      const working = await stepMyWorkday(deps(), vera, 'start');
      expect(working).toMatchObject({ state: { available: true }, woken: [dialogId], signalled: [] });
      await waitForState(testWorker.worker.client, dialogId, (s) => s.offeredTo.includes(vera.id));
    } finally {
      await terminateDialogs(testWorker.worker.client, [dialogId]);
    }
  });

  it('sends operatorUnavailable to a dialog offered to an operator who goes away, and the workflow keeps running', async () => {
    const anna = await operator('Anna');
    await setMyPresence(deps(), anna, 'online');
    await stepMyWorkday(deps(), anna, 'start');
    const { channelId } = await createLine(testWorker.worker.db, { operators: [anna.id] });
    const { dialogId } = await sendClientMessage(deps(), channelId);
    try {
      await waitForState(testWorker.worker.client, dialogId, (s) => s.offeredTo.includes(anna.id));

      const away = await setMyPresence(deps(), anna, 'away');
      expect(away).toEqual({ state: { presence: 'away', workday: 'working', available: false }, signalled: [dialogId], woken: [] });
      // Already unavailable: going offline tells no one again.
      expect((await setMyPresence(deps(), anna, 'offline')).signalled).toEqual([]);

      const description = await dialogHandle(testWorker.worker.client, dialogId).describe();
      expect(description.status.name).toBe('RUNNING');
      await waitForState(testWorker.worker.client, dialogId, () => true);
    } finally {
      await terminateDialogs(testWorker.worker.client, [dialogId]);
    }
  });

  it('tells an accepted dialog when an absence starting now is added, and wakes the line when it is deleted', async () => {
    const boss = await admin();
    const boris = await operator('Boris');
    await setMyPresence(deps(), boris, 'online');
    await stepMyWorkday(deps(), boris, 'start');
    const { channelId } = await createLine(testWorker.worker.db, { operators: [boris.id] });
    const { dialogId } = await sendClientMessage(deps(), channelId);
    try {
      await waitForState(testWorker.worker.client, dialogId, (s) => s.offeredTo.includes(boris.id));
      await apiAs(deps(), boris).dialogs.take({ dialogId });
      await waitForState(testWorker.worker.client, dialogId, (s) => s.operatorId === boris.id);
      // Boris answered: the dialog stays with him through his absence (SPEC §4 rule 4).
      await apiAs(deps(), boris).dialogs.reply({ dialogId, text: 'Looking into it.' });

      const created = await createAbsence(deps(), boss, { userId: boris.id, startsAt: hours(-1), endsAt: hours(8), kind: 'sick_leave', note: '' });
      expect(created.signalled).toEqual([dialogId]);
      // A future absence changes nothing now.
      expect((await createAbsence(deps(), boss, { userId: boris.id, startsAt: hours(24), endsAt: hours(30), kind: 'vacation', note: '' })).signalled).toEqual([]);

      const removed = await removeAbsence(deps(), created.id);
      // Boris is available again; his line has no queued dialog, so nothing to wake.
      expect(removed).toEqual({ woken: [] });
      expect((await apiAs(deps(), boris).availability.me()).available).toBe(true);
    } finally {
      await terminateDialogs(testWorker.worker.client, [dialogId]);
    }
  });
});
