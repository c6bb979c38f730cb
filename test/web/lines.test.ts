import { TRPCError } from '@trpc/server';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import superjson from 'superjson';
import { describe, expect, it } from 'vitest';
import { defaultLineSettings } from '../../domain/line-settings';
import { createContextForUser } from '../../web/server/trpc/init';
import { appRouter } from '../../web/server/trpc/routers/_app';
import { sendClientMessage, waitForState } from '../support/dialogs';
import { createLine, createUser } from '../support/fixtures';
import { useTestWorker } from '../support/worker';
import { apiAs, manualLiveBus, PUBLIC_URL, rejection, sessionUser } from './helpers';

/** The admin's line editor: validation that names the field, a full round trip, routing on queue change. */
const testWorker = useTestWorker();

const deps = () => ({ db: testWorker.worker.db, temporal: testWorker.worker.client, taskQueue: testWorker.worker.taskQueue });

async function admin() {
  return sessionUser(await createUser(testWorker.worker.db, 'admin'), 'admin');
}

describe('lines.update validation', () => {
  it('rejects a 45-minute hand-off naming distribution.handoffMinutes, and changes nothing', async () => {
    const api = apiAs(deps(), await admin());
    const { id } = await api.lines.create({ name: 'Support' });
    const before = await api.lines.get({ lineId: id });
    const settings = { ...before.settings, distribution: { ...before.settings.distribution, handoffMinutes: 45 } };

    const error = await api.lines.update({ lineId: id, name: 'Renamed', settings, queue: [] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe('BAD_REQUEST');
    expect((error as TRPCError).message).toBe('settings.distribution.handoffMinutes: must be at most 30 minutes');

    const after = await api.lines.get({ lineId: id });
    expect(after.name).toBe('Support');
    expect(after.settings.distribution.handoffMinutes).toBe(1);
  });

  it('answers over HTTP with status 400 and fieldErrors keyed by the field', async () => {
    const user = await admin();
    const { id } = await apiAs(deps(), user).lines.create({ name: 'Support' });
    const settings = { ...defaultLineSettings(), distribution: { mode: 'evenly', handoffMinutes: 45 } };
    const response = await fetchRequestHandler({
      endpoint: '/api/trpc',
      req: new Request(`${PUBLIC_URL}/api/trpc/lines.update`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(superjson.serialize({ lineId: id, name: '', settings, queue: [] })),
      }),
      router: appRouter,
      createContext: () => createContextForUser({ ...deps(), liveBus: manualLiveBus(), publicUrl: PUBLIC_URL }, user),
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { json: { message: string; data: { fieldErrors: Record<string, string[]> } } } };
    expect(body.error.json.data.fieldErrors).toEqual({
      name: ['must not be empty'],
      'settings.distribution.handoffMinutes': ['must be at most 30 minutes'],
    });
    expect(body.error.json.message).toContain('settings.distribution.handoffMinutes: must be at most 30 minutes');
  });

  it('rejects an unknown user in the queue naming the queue', async () => {
    const api = apiAs(deps(), await admin());
    const { id } = await api.lines.create({ name: 'Support' });
    const error = (await api.lines
      .update({ lineId: id, name: 'Support', settings: defaultLineSettings(), queue: ['no-such-user'] })
      .catch((e: unknown) => e)) as TRPCError;
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toMatch(/^queue: /);
  });

  it('answers NOT_FOUND for an unknown line', async () => {
    const api = apiAs(deps(), await admin());
    const error = (await api.lines.get({ lineId: 999_999 }).catch((e: unknown) => e)) as TRPCError;
    expect(error.code).toBe('NOT_FOUND');
    expect(error.message).toBe('Line #999999 does not exist.');
  });
});

describe('lines round trip', () => {
  it('saves name, settings and queue order, and lists the line with its channel', async () => {
    const api = apiAs(deps(), await admin());
    const anna = await createUser(testWorker.worker.db, 'manager', 'Anna');
    const boris = await createUser(testWorker.worker.db, 'manager', 'Boris');
    const { lineId, channelKey } = await createLine(testWorker.worker.db, { name: 'Website', operators: [anna.id] });

    const line = await api.lines.get({ lineId });
    expect(line.channels).toEqual([
      expect.objectContaining({
        kind: 'widget',
        key: channelKey,
        widgetUrl: `${PUBLIC_URL}/widget/${channelKey}`,
        embedSnippet: `<script src="${PUBLIC_URL}/widget.js" data-channel="${channelKey}" async></script>`,
      }),
    ]);
    const settings = {
      ...line.settings,
      distribution: { ...line.settings.distribution, handoffMinutes: 5 },
      greeting: { enabled: true, text: 'Hi! We reply within minutes.', sendIn: 'first_dialog' as const },
      rating: { ...line.settings.rating, enabled: false, scale: 'five_stars' as const },
      closing: { ...line.settings.closing, text: 'Thanks for contacting us.' },
    };
    const result = await api.lines.update({ lineId, name: 'Website chat', settings, queue: [boris.id, anna.id] });
    expect(result.queueChanged).toBe(true);

    const saved = await api.lines.get({ lineId });
    expect(saved.name).toBe('Website chat');
    expect(saved.settings).toEqual(settings);
    expect(saved.queue.map((m) => m.userId)).toEqual([boris.id, anna.id]);

    const listed = (await api.lines.list()).find((l) => l.id === lineId);
    expect(listed).toMatchObject({ name: 'Website chat', queueSize: 2, channels: [{ kind: 'widget', key: channelKey }] });
  });

  it('offers a waiting dialog as soon as the first operator joins the queue', async () => {
    const api = apiAs(deps(), await admin());
    const vera = await createUser(testWorker.worker.db, 'manager', 'Vera');
    const { lineId, channelId } = await createLine(testWorker.worker.db, { operators: [] });
    const { dialogId } = await sendClientMessage(deps(), channelId);
    await waitForState(testWorker.worker.client, dialogId, (s) => s.status === 'queued');

    const line = await api.lines.get({ lineId });
    await api.lines.update({ lineId, name: line.name, settings: line.settings, queue: [vera.id] });
    await waitForState(testWorker.worker.client, dialogId, (s) => s.offeredTo.includes(vera.id));

    const queue = await apiAs(deps(), sessionUser(vera, 'manager')).inbox.list({ tab: 'queue' });
    expect(queue.items).toEqual([expect.objectContaining({ id: dialogId, status: 'offered', offeredToMe: true })]);
  });
});

describe('line retention', () => {
  async function auditedRetention(lineId: number) {
    const rows = await testWorker.worker.db
      .selectFrom('audit_log')
      .select(['before', 'after'])
      .where('action', '=', 'line.updated')
      .where('subject_id', '=', String(lineId))
      .orderBy('id')
      .execute();
    return rows.map((row) => [row.before?.retentionDays, row.after?.retentionDays]);
  }

  it('sets, keeps and clears "delete closed dialogs older than N days", each change audited', async () => {
    const api = apiAs(deps(), await admin());
    const { id } = await api.lines.create({ name: 'Support' });
    const line = await api.lines.get({ lineId: id });
    expect(line.retentionDays).toBeNull();

    await api.lines.update({ lineId: id, name: line.name, settings: line.settings, queue: [], retentionDays: 90 });
    expect((await api.lines.get({ lineId: id })).retentionDays).toBe(90);
    // A caller that does not send the field (the public API, an older page) leaves it as it is.
    await api.lines.update({ lineId: id, name: 'Support desk', settings: line.settings, queue: [] });
    expect((await api.lines.get({ lineId: id })).retentionDays).toBe(90);
    await api.lines.update({ lineId: id, name: 'Support desk', settings: line.settings, queue: [], retentionDays: null });
    expect((await api.lines.get({ lineId: id })).retentionDays).toBeNull();

    expect(await auditedRetention(id)).toEqual([
      [null, 90],
      [90, 90],
      [90, null],
    ]);
  });

  it.each([
    [0, 'retentionDays: must be at least 1'],
    [1.5, 'retentionDays: must be a whole number'],
    [40_000, 'retentionDays: must be at most 36500'],
  ])('refuses %s days naming the field, and changes nothing', async (days, message) => {
    const api = apiAs(deps(), await admin());
    const { id } = await api.lines.create({ name: 'Support' });
    const line = await api.lines.get({ lineId: id });
    await api.lines.update({ lineId: id, name: line.name, settings: line.settings, queue: [], retentionDays: 30 });

    const error = await rejection(api.lines.update({ lineId: id, name: line.name, settings: line.settings, queue: [], retentionDays: days }));
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toBe(message);
    expect((await api.lines.get({ lineId: id })).retentionDays).toBe(30);
  });

  it('names the field in the admin\'s language over HTTP', async () => {
    const user = await admin();
    const { id } = await apiAs(deps(), user).lines.create({ name: 'Поддержка' });
    const line = await apiAs(deps(), user).lines.get({ lineId: id });
    await testWorker.worker.db.updateTable('users').set({ locale: 'ru' }).where('id', '=', user.id).execute();
    const response = await fetchRequestHandler({
      endpoint: '/api/trpc',
      req: new Request(`${PUBLIC_URL}/api/trpc/lines.update`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(superjson.serialize({ lineId: id, name: line.name, settings: line.settings, queue: [], retentionDays: 0 })),
      }),
      router: appRouter,
      createContext: () => createContextForUser({ ...deps(), liveBus: manualLiveBus(), publicUrl: PUBLIC_URL }, { ...user, locale: 'ru' }),
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { json: { data: { fieldErrors: Record<string, string[]> } } } };
    expect(body.error.json.data.fieldErrors).toEqual({ retentionDays: ['не меньше 1'] });
  });

  it('refuses a manager', async () => {
    const api = apiAs(deps(), await admin());
    const { id } = await api.lines.create({ name: 'Support' });
    const line = await api.lines.get({ lineId: id });
    const manager = apiAs(deps(), sessionUser(await createUser(testWorker.worker.db, 'manager'), 'manager'));

    const error = await rejection(manager.lines.update({ lineId: id, name: line.name, settings: line.settings, queue: [], retentionDays: 7 }));
    expect(error.code).toBe('FORBIDDEN');
    expect((await api.lines.get({ lineId: id })).retentionDays).toBeNull();
  });
});
