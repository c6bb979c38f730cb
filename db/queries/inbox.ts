import { sql, type SqlBool, type Expression } from 'kysely';
import type { DialogStatus, AuthorKind } from '../../domain/dialog';
import type { Database } from '../client';
import { isParticipantOf } from './dialog-actions';
import { fixedStatus } from './dialogs';

export const inboxTabs = ['waiting', 'mine', 'queue', 'all'] as const;
export type InboxTab = (typeof inboxTabs)[number];

export interface InboxRow {
  id: number;
  status: DialogStatus;
  lineId: number;
  lineName: string;
  channelKind: string;
  contactId: number;
  contactName: string | null;
  contactEmail: string | null;
  operatorId: string | null;
  operatorName: string | null;
  priority: number;
  createdAt: Date;
  updatedAt: Date;
  lastMessage: { text: string; authorKind: AuthorKind; authorUserId: string | null; hidden: boolean; createdAt: Date } | null;
  offeredToMe: boolean;
}

export interface InboxPage {
  items: InboxRow[];
  /** Pass back to get the next page; null when this was the last one. */
  nextCursor: string | null;
}

/**
 * One page of an inbox list, keyset-paginated (fast however many dialogs there are):
 * - waiting: my dialogs where the client wrote last (status in_work);
 * - mine: all my open dialogs;
 * - queue: unassigned queued/offered dialogs of lines whose queue includes me, or offered to me,
 *   most urgent first;
 * - all: every dialog (callers check that the user may see them all).
 */
export async function listInboxPage(
  db: Database,
  options: { userId: string; tab: InboxTab; cursor: string | null; limit: number },
): Promise<InboxPage> {
  const { userId, tab, limit } = options;
  let query = db
    .selectFrom('dialogs as d')
    .innerJoin('lines as l', 'l.id', 'd.line_id')
    .innerJoin('channels as ch', 'ch.id', 'd.channel_id')
    .innerJoin('contacts as c', 'c.id', 'd.contact_id')
    .leftJoin('users as op', 'op.id', 'd.operator_id')
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom('messages as m')
          .select(['m.text', 'm.author_kind', 'm.author_user_id', 'm.hidden', 'm.created_at'])
          .whereRef('m.dialog_id', '=', 'd.id')
          // The preview shows what people wrote: a later greeting or rating request must not hide it.
          .orderBy(sql`m.author_kind in ('client', 'operator')`, 'desc')
          .orderBy('m.id', 'desc')
          .limit(1)
          .as('lm'),
      (join) => join.onTrue(),
    )
    .select((eb) => [
      'd.id',
      'd.status',
      'd.line_id',
      'l.name as line_name',
      'ch.kind as channel_kind',
      'd.contact_id',
      'c.name as contact_name',
      'c.email as contact_email',
      'd.operator_id',
      'op.name as operator_name',
      'd.priority',
      'd.created_at',
      'd.updated_at',
      sql<string>`d.updated_at::text`.as('updated_key'),
      sql<string>`d.created_at::text`.as('created_key'),
      'lm.text as last_text',
      'lm.author_kind as last_author_kind',
      'lm.author_user_id as last_author_user_id',
      'lm.hidden as last_hidden',
      'lm.created_at as last_created_at',
      eb
        .exists(eb.selectFrom('dialog_offers as o').select('o.user_id').whereRef('o.dialog_id', '=', 'd.id').where('o.user_id', '=', userId))
        .as('offered_to_me'),
    ]);

  if (tab === 'waiting') query = query.where('d.operator_id', '=', userId).where('d.status', '=', fixedStatus('in_work'));
  // Mine: dialogs I hold, and those I was invited into.
  if (tab === 'mine') query = query.where((eb) => eb.or([eb('d.operator_id', '=', userId), isParticipantOf('d.id', userId)])).where('d.status', '<>', fixedStatus('closed'));
  if (tab === 'queue') {
    query = query
      .where('d.operator_id', 'is', null)
      .where('d.status', 'in', [fixedStatus('queued'), fixedStatus('offered')])
      // Dialogs offered to me count too: a client's responsible user gets theirs outside the queue.
      .where((eb) =>
        eb.or([
          eb('d.line_id', 'in', eb.selectFrom('line_queue_members as q').select('q.line_id').where('q.user_id', '=', userId)),
          eb.exists(eb.selectFrom('dialog_offers as mo').select('mo.user_id').whereRef('mo.dialog_id', '=', 'd.id').where('mo.user_id', '=', userId)),
        ]),
      );
  }

  const cursor = options.cursor ? decodeCursor(options.cursor) : null;
  if (tab === 'queue') {
    // Most urgent first: higher priority, then the longest waiting.
    if (cursor) query = query.where(queueAfter(cursor));
    query = query.orderBy('d.priority', 'desc').orderBy('d.created_at', 'asc').orderBy('d.id', 'asc');
  } else {
    if (cursor) query = query.where(sql<SqlBool>`(d.updated_at, d.id) < (${cursor.at}::timestamptz, ${cursor.id})`);
    query = query.orderBy('d.updated_at', 'desc').orderBy('d.id', 'desc');
  }

  const rows = await query.limit(limit + 1).execute();
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const nextCursor =
    rows.length > limit && last
      ? encodeCursor(tab === 'queue' ? { priority: last.priority, at: last.created_key, id: last.id } : { priority: 0, at: last.updated_key, id: last.id })
      : null;
  return {
    nextCursor,
    items: page.map((r) => ({
      id: r.id,
      status: r.status,
      lineId: r.line_id,
      lineName: r.line_name,
      channelKind: r.channel_kind,
      contactId: r.contact_id,
      contactName: r.contact_name,
      contactEmail: r.contact_email,
      operatorId: r.operator_id,
      operatorName: r.operator_name,
      priority: r.priority,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
      lastMessage:
        r.last_text !== null && r.last_author_kind !== null && r.last_created_at !== null
          ? { text: r.last_text, authorKind: r.last_author_kind, authorUserId: r.last_author_user_id, hidden: r.last_hidden === true, createdAt: r.last_created_at }
          : null,
      offeredToMe: Boolean(r.offered_to_me),
    })),
  };
}

interface Cursor {
  priority: number;
  /** The sort timestamp as PostgreSQL prints it: microseconds survive the round trip. */
  at: string;
  id: number;
}

function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

function decodeCursor(value: string): Cursor | null {
  try {
    const parsed = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as Partial<Cursor>;
    if (typeof parsed.priority === 'number' && typeof parsed.at === 'string' && typeof parsed.id === 'number') {
      return { priority: parsed.priority, at: parsed.at, id: parsed.id };
    }
  } catch {
    // An unreadable cursor starts from the top.
  }
  return null;
}

function queueAfter(cursor: Cursor): Expression<SqlBool> {
  return sql<SqlBool>`(d.priority < ${cursor.priority} or (d.priority = ${cursor.priority} and (d.created_at, d.id) > (${cursor.at}::timestamptz, ${cursor.id})))`;
}

export interface InboxCounts {
  waiting: number;
  mine: number;
  queue: number;
  /** Dialogs offered to me right now, waiting for my "take" or "skip". */
  offeredToMe: number;
  /** Open dialogs of every line (shown to supervisors only). */
  allOpen: number;
}

export async function countInbox(db: Database, userId: string): Promise<InboxCounts> {
  const row = await db
    .selectNoFrom((eb) => [
      eb
        .selectFrom('dialogs')
        .select(sql<number>`count(*)::int`.as('n'))
        .where('operator_id', '=', userId)
        .where('status', '=', fixedStatus('in_work'))
        .as('waiting'),
      eb
        .selectFrom('dialogs')
        .select(sql<number>`count(*)::int`.as('n'))
        .where((eb) => eb.or([eb('operator_id', '=', userId), isParticipantOf('dialogs.id', userId)]))
        .where('status', '<>', fixedStatus('closed'))
        .as('mine'),
      eb
        .selectFrom('dialogs')
        .select(sql<number>`count(*)::int`.as('n'))
        .where('operator_id', 'is', null)
        .where('status', 'in', [fixedStatus('queued'), fixedStatus('offered')])
        .where((q) =>
          q.or([
            q('line_id', 'in', q.selectFrom('line_queue_members').select('line_id').where('user_id', '=', userId)),
            q.exists(q.selectFrom('dialog_offers as mo').select('mo.user_id').whereRef('mo.dialog_id', '=', 'dialogs.id').where('mo.user_id', '=', userId)),
          ]),
        )
        .as('queue'),
      eb
        .selectFrom('dialog_offers as o')
        .innerJoin('dialogs as od', 'od.id', 'o.dialog_id')
        .select(sql<number>`count(*)::int`.as('n'))
        .where('o.user_id', '=', userId)
        .where('od.status', '=', fixedStatus('offered'))
        .as('offered_to_me'),
      eb.selectFrom('dialogs').select(sql<number>`count(*)::int`.as('n')).where('status', '<>', fixedStatus('closed')).as('all_open'),
    ])
    .executeTakeFirstOrThrow();
  return { waiting: row.waiting ?? 0, mine: row.mine ?? 0, queue: row.queue ?? 0, offeredToMe: row.offered_to_me ?? 0, allOpen: row.all_open ?? 0 };
}
