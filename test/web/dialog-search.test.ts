import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { Database } from '../../db/client';
import { createLine, createUser } from '../support/fixtures';
import { apiAs, insertDialog, rejection, sessionUser, useApiDatabase } from './helpers';

/** The dialog history (issue 11): filters, access per role, paging, Russian and English search, bad input. */
const shared = useApiDatabase();

async function addMessage(db: Database, dialogId: number, channelId: number, text: string) {
  await db.insertInto('messages').values({ dialog_id: dialogId, channel_id: channelId, author_kind: 'operator', text }).execute();
}

async function world() {
  const db = shared.deps.db;
  const anna = await createUser(db, 'manager', 'Anna');
  const boris = await createUser(db, 'manager', 'Boris');
  const director = await createUser(db, 'director', 'Dora');
  const sales = await createLine(db, { operators: [anna.id, boris.id], name: 'Sales' });
  const other = await createLine(db, { operators: [boris.id], name: 'Other' });
  const annaClosed = await insertDialog(db, { lineId: sales.lineId, channelId: sales.channelId, status: 'closed', operatorId: anna.id, contactName: 'Closed Client', text: 'My parcel never arrived at the warehouse' });
  const annaOpen = await insertDialog(db, { lineId: sales.lineId, channelId: sales.channelId, status: 'in_work', operatorId: anna.id, text: 'Здравствуйте, где мой заказ?' });
  const borisClosed = await insertDialog(db, { lineId: sales.lineId, channelId: sales.channelId, status: 'closed', operatorId: boris.id, text: 'My parcel is late' });
  const queued = await insertDialog(db, { lineId: sales.lineId, channelId: sales.channelId, status: 'queued', text: 'Anyone there?' });
  const otherQueued = await insertDialog(db, { lineId: other.lineId, channelId: other.channelId, status: 'queued', text: 'My parcel is lost' });
  await db.updateTable('dialogs').set({ rating: '5', missed: false }).where('id', '=', annaClosed).execute();
  await db.updateTable('dialogs').set({ missed: true }).where('id', '=', queued).execute();
  return { anna, boris, director, sales, other, annaClosed, annaOpen, borisClosed, queued, otherQueued };
}

const ids = (page: { items: { id: number }[] }) => page.items.map((i) => i.id);

describe('dialog history', () => {
  it("shows a manager their own dialogs (closed ones too) and their lines' unassigned ones, not a colleague's or another line's", async () => {
    const w = await world();
    const page = await apiAs(shared.deps, sessionUser(w.anna, 'manager')).history.search({ filters: { lineId: w.sales.lineId } });
    expect(ids(page).sort()).toEqual([w.annaClosed, w.annaOpen, w.queued].sort());
    const all = await apiAs(shared.deps, sessionUser(w.anna, 'manager')).history.search({});
    expect(ids(all)).not.toContain(w.borisClosed);
    expect(ids(all)).not.toContain(w.otherQueued);
    // What the list shows, the dialog view opens: the same access rule.
    const view = await apiAs(shared.deps, sessionUser(w.anna, 'manager')).dialogs.get({ dialogId: w.annaClosed });
    expect(view.status).toBe('closed');
  });

  it('shows a director every dialog', async () => {
    const w = await world();
    const page = await apiAs(shared.deps, sessionUser(w.director, 'director')).history.search({ filters: { lineId: w.other.lineId } });
    expect(ids(page)).toEqual([w.otherQueued]);
    const sales = await apiAs(shared.deps, sessionUser(w.director, 'director')).history.search({ filters: { lineId: w.sales.lineId } });
    expect(ids(sales)).toHaveLength(4);
  });

  it('filters by status (client waits for an answer), operator, rating, missed and channel', async () => {
    const w = await world();
    const api = apiAs(shared.deps, sessionUser(w.director, 'director'));
    const base = { lineId: w.sales.lineId };
    expect(ids(await api.history.search({ filters: { ...base, statuses: ['in_work'] } }))).toEqual([w.annaOpen]);
    expect(ids(await api.history.search({ filters: { ...base, statuses: ['closed'], operatorId: w.boris.id } }))).toEqual([w.borisClosed]);
    expect(ids(await api.history.search({ filters: { ...base, rating: '5' } }))).toEqual([w.annaClosed]);
    expect(ids(await api.history.search({ filters: { ...base, missed: true } }))).toEqual([w.queued]);
    expect(ids(await api.history.search({ filters: { ...base, channelKind: 'telegram' } }))).toEqual([]);
  });

  it('filters by created and closed dates in the viewer’s time zone', async () => {
    const w = await world();
    const db = shared.deps.db;
    // 2026-03-10 23:30 UTC is already 11 March in Moscow (UTC+3).
    await sql`update dialogs set created_at = '2026-03-10T23:30:00Z', closed_at = '2026-03-12T10:00:00Z' where id = ${w.annaClosed}`.execute(db);
    const api = apiAs(shared.deps, sessionUser(w.anna, 'manager'));
    const inMoscow = await api.history.search({ timeZone: 'Europe/Moscow', filters: { createdFrom: '2026-03-11', createdTo: '2026-03-11' } });
    expect(ids(inMoscow)).toEqual([w.annaClosed]);
    const inUtc = await api.history.search({ timeZone: 'UTC', filters: { createdFrom: '2026-03-11', createdTo: '2026-03-11' } });
    expect(ids(inUtc)).toEqual([]);
    expect(ids(await api.history.search({ filters: { closedFrom: '2026-03-12', closedTo: '2026-03-12' } }))).toEqual([w.annaClosed]);
  });

  it('finds dialogs by words of their messages in English and Russian, word forms included, and marks the match', async () => {
    const w = await world();
    const api = apiAs(shared.deps, sessionUser(w.anna, 'manager'));
    // "parcels arrive" matches "parcel never arrived" (English stems); Boris's "parcel is late" is not Anna's.
    const english = await api.history.search({ filters: { q: 'parcels arrive' } });
    expect(ids(english)).toEqual([w.annaClosed]);
    expect(english.items[0]?.excerpt?.text).toContain('\u0002parcel\u0003');
    // "заказы" (plural) matches "заказ".
    expect(ids(await api.history.search({ filters: { q: 'заказы' } }))).toEqual([w.annaOpen]);
    // A quoted phrase must appear in that order.
    expect(ids(await api.history.search({ filters: { q: '"arrived parcel"' } }))).toEqual([]);
    expect(ids(await api.history.search({ filters: { q: '"parcel never arrived"' } }))).toEqual([w.annaClosed]);
    await addMessage(shared.deps.db, w.annaOpen, w.sales.channelId, 'Your parcel ships tomorrow');
    expect(ids(await api.history.search({ filters: { q: 'parcel -warehouse' } }))).toEqual([w.annaOpen]);
  });

  it('finds the same dialogs for a text that is in thousands of messages (it then reads dialog by dialog)', async () => {
    const w = await world();
    const db = shared.deps.db;
    // More messages than the index-first path takes: the search walks the dialogs instead.
    await sql`insert into messages (dialog_id, channel_id, author_kind, text)
      select ${w.otherQueued}, ${w.other.channelId}, 'client', 'Refund requested, ticket ' || n from generate_series(1, 5200) n`.execute(db);
    await addMessage(db, w.annaClosed, w.sales.channelId, 'We sent your refund today');
    await addMessage(db, w.borisClosed, w.sales.channelId, 'Refunds take three days');

    const anna = apiAs(shared.deps, sessionUser(w.anna, 'manager'));
    expect(ids(await anna.history.search({ filters: { q: 'refund' } }))).toEqual([w.annaClosed]);
    const director = apiAs(shared.deps, sessionUser(w.director, 'director'));
    expect(ids(await director.history.search({ filters: { q: 'refund' } })).sort((a, b) => a - b)).toEqual([w.annaClosed, w.borisClosed, w.otherQueued]);
    expect(ids(await director.history.search({ filters: { q: 'refund', statuses: ['closed'] } })).sort((a, b) => a - b)).toEqual([w.annaClosed, w.borisClosed]);
    const excerpt = (await director.history.search({ filters: { q: 'refund', lineId: w.other.lineId } })).items[0]?.excerpt?.text;
    expect(excerpt).toContain('\u0002Refund\u0003');
  });

  it("lists one client's dialogs for the dialog view, only those the viewer may open", async () => {
    const w = await world();
    const db = shared.deps.db;
    const contactId = (await db.selectFrom('dialogs').select('contact_id').where('id', '=', w.annaClosed).executeTakeFirstOrThrow()).contact_id;
    await db.updateTable('dialogs').set({ contact_id: contactId }).where('id', 'in', [w.borisClosed, w.queued]).execute();
    const api = apiAs(shared.deps, sessionUser(w.anna, 'manager'));
    // Boris's closed dialog with the same client stays out: Anna could not open it.
    expect(ids(await api.history.search({ filters: { contactId } })).sort()).toEqual([w.annaClosed, w.queued].sort());
    expect(ids(await apiAs(shared.deps, sessionUser(w.director, 'director')).history.search({ filters: { contactId } }))).toHaveLength(3);
  });

  it('pages with a cursor in each order without gaps or repeats', async () => {
    const w = await world();
    const db = shared.deps.db;
    const extra: number[] = [];
    for (let i = 0; i < 5; i++) extra.push(await insertDialog(db, { lineId: w.other.lineId, channelId: w.other.channelId, status: 'closed', operatorId: w.boris.id }));
    const api = apiAs(shared.deps, sessionUser(w.boris, 'manager'));
    for (const sort of ['newest', 'oldest', 'activity'] as const) {
      const seen: number[] = [];
      let cursor: string | null = null;
      do {
        const page: { items: { id: number }[]; nextCursor: string | null } = await api.history.search({ filters: { lineId: w.other.lineId }, sort, limit: 2, cursor });
        seen.push(...ids(page));
        cursor = page.nextCursor;
      } while (cursor);
      const expected = [w.otherQueued, ...extra];
      expect(seen).toEqual(sort === 'oldest' ? expected : [...expected].reverse());
    }
  });

  it('refuses a bad date or a range that ends before it starts, naming the field', async () => {
    const w = await world();
    const api = apiAs(shared.deps, sessionUser(w.anna, 'manager'));
    const badDate = await rejection(api.history.search({ filters: { createdFrom: '2026-02-30' } }));
    expect(badDate.code).toBe('BAD_REQUEST');
    expect(badDate.message).toMatch(/createdFrom/);
    expect(badDate.message).toMatch(/YYYY-MM-DD/);
    const reversed = await rejection(api.history.search({ filters: { closedFrom: '2026-03-12', closedTo: '2026-03-01' } }));
    expect(reversed.message).toMatch(/closedTo/);
    expect(reversed.message).toMatch(/on or after/);
    expect((await rejection(api.history.search({ timeZone: 'Mars/Olympus' }))).message).toMatch(/timeZone/);
  });
});
