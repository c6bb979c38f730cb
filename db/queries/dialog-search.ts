import { sql, type Expression, type ExpressionBuilder, type RawBuilder, type SqlBool } from 'kysely';
import type { AuthorKind, DialogStatus } from '../../domain/dialog';
import type { DialogSightGround } from '../../domain/dialog-lifecycle/access';
import type { HistoryFilters, HistorySort } from '../../domain/dialog-search';
import type { Database } from '../client';
import type { DB } from '../types';
import { isParticipantOf } from './dialog-actions';

export interface DialogSearchRow {
  id: number;
  status: DialogStatus;
  lineId: number;
  lineName: string;
  channelKind: string;
  contactId: number;
  contactName: string | null;
  contactEmail: string | null;
  contactPhone: string | null;
  operatorId: string | null;
  operatorName: string | null;
  rating: string | null;
  missed: boolean;
  createdAt: Date;
  updatedAt: Date;
  closedAt: Date | null;
  /** With a search text: the latest matching message, its words marked by `matchStart`/`matchEnd`; else the latest message people wrote. */
  excerpt: { text: string; authorKind: AuthorKind; createdAt: Date } | null;
}

/** Around matched words in an excerpt (control characters no message text carries after trimming). */
export const matchStart = '\u0002';
export const matchEnd = '\u0003';

export interface DialogSearchOptions {
  viewerId: string;
  /** What the viewer may see (domain/dialog-lifecycle/access.ts `dialogSight`). */
  sight: 'every' | readonly DialogSightGround[];
  filters: HistoryFilters;
  /** The viewer's IANA time zone: date filters are their calendar days. */
  timeZone: string;
  sort: HistorySort;
  cursor: string | null;
  limit: number;
}

type DialogScope = ExpressionBuilder<DB & { d: DB['dialogs'] }, 'd'>;

/** Each access ground of the domain rule as SQL over `d` (a missing ground fails to compile). */
const sightGroundClauses = {
  offeredToViewer: (eb, userId) => eb.exists(eb.selectFrom('dialog_offers as so').select('so.user_id').whereRef('so.dialog_id', '=', 'd.id').where('so.user_id', '=', userId)),
  handledByViewer: (eb, userId) => eb.or([eb('d.operator_id', '=', userId), isParticipantOf('d.id', userId)]),
  unassignedOnViewersLine: (eb, userId) =>
    eb.and([eb('d.operator_id', 'is', null), eb('d.line_id', 'in', eb.selectFrom('line_queue_members as sq').select('sq.line_id').where('sq.user_id', '=', userId))]),
} satisfies Record<DialogSightGround, (eb: DialogScope, userId: string) => Expression<SqlBool>>;

/** A calendar day's first instant in the viewer's zone (PostgreSQL knows the zone's rules). */
const dayStart = (day: string, timeZone: string) => sql<Date>`((${day}::date)::timestamp at time zone ${timeZone})`;
const dayEnd = (day: string, timeZone: string) => sql<Date>`((${day}::date + 1)::timestamp at time zone ${timeZone})`;

/**
 * A search text that matches at most this many messages collects its dialogs from the full-text
 * index first; one that matches more walks the dialogs in the page's order and checks each one's own
 * messages until the page is full.
 */
const FEW_MATCHING_MESSAGES = 5000;

/**
 * "Has a message matching the text", in the shape that is fast for this text. PostgreSQL's estimate
 * of a text's matches is too rough to choose between the two (bench:search at 1,000,000 dialogs /
 * 10,000,000 messages: an order number found in one dialog made it walk every dialog, 7 s; a phrase
 * in 2% of dialogs made it fetch all 20,000 of them to sort, 1 s), so a bounded count of the
 * matching messages (the index for a rare text, the first rows of a scan for a common one; ≤ 15 ms
 * there) decides.
 */
async function textMatchClause(db: Database, tsquery: RawBuilder<string>): Promise<RawBuilder<SqlBool>> {
  const { rows } = await sql<{ matches: number }>`select count(*)::int as matches from (select 1 from messages where search_vector @@ ${tsquery} limit ${FEW_MATCHING_MESSAGES + 1}) m`.execute(db);
  if ((rows[0]?.matches ?? 0) <= FEW_MATCHING_MESSAGES) {
    return sql<SqlBool>`d.id = any(array(select sm.dialog_id from messages sm where sm.search_vector @@ ${tsquery}))`;
  }
  // coalesce() keeps the full-text index out of the per-dialog check: each dialog reads its own few messages.
  return sql<SqlBool>`coalesce((select true from messages sm where sm.dialog_id = d.id and coalesce(sm.search_vector, ''::tsvector) @@ ${tsquery} limit 1), false)`;
}

/**
 * One page of the dialog history: the dialogs the viewer may see that match the filters and, with
 * `q`, have a message matching it (websearch syntax: words, "a phrase", -word, or), keyset-paged
 * in the chosen order.
 */
export async function searchDialogs(db: Database, options: DialogSearchOptions): Promise<{ items: DialogSearchRow[]; nextCursor: string | null }> {
  const { filters, timeZone, sort, viewerId, limit } = options;
  const text = filters.q?.trim() ? filters.q.trim() : null;
  const tsquery = text === null ? null : sql<string>`websearch_to_tsquery('russian'::regconfig, ${text})`;

  let query = db
    .selectFrom('dialogs as d')
    .innerJoin('lines as l', 'l.id', 'd.line_id')
    .innerJoin('channels as ch', 'ch.id', 'd.channel_id')
    .innerJoin('contacts as c', 'c.id', 'd.contact_id')
    .leftJoin('users as op', 'op.id', 'd.operator_id')
    .select([
      'd.id',
      'd.status',
      'd.line_id',
      'l.name as line_name',
      'ch.kind as channel_kind',
      'd.contact_id',
      'c.name as contact_name',
      'c.email as contact_email',
      'c.phone as contact_phone',
      'd.operator_id',
      'op.name as operator_name',
      'd.rating',
      'd.missed',
      'd.created_at',
      'd.updated_at',
      'd.closed_at',
      sql<string>`d.created_at::text`.as('created_key'),
      sql<string>`d.updated_at::text`.as('updated_key'),
    ]);

  const sight = options.sight;
  if (sight !== 'every') query = query.where((eb) => eb.or(sight.map((ground) => sightGroundClauses[ground](eb, viewerId))));

  if (filters.statuses && filters.statuses.length > 0) query = query.where('d.status', 'in', filters.statuses);
  if (filters.lineId !== undefined) query = query.where('d.line_id', '=', filters.lineId);
  if (filters.channelKind !== undefined) query = query.where('ch.kind', '=', filters.channelKind);
  if (filters.operatorId !== undefined) query = query.where('d.operator_id', '=', filters.operatorId);
  if (filters.contactId !== undefined) query = query.where('d.contact_id', '=', filters.contactId);
  if (filters.missed !== undefined) query = query.where('d.missed', '=', filters.missed);
  if (filters.createdFrom) query = query.where('d.created_at', '>=', dayStart(filters.createdFrom, timeZone));
  if (filters.createdTo) query = query.where('d.created_at', '<', dayEnd(filters.createdTo, timeZone));
  if (filters.closedFrom) query = query.where('d.closed_at', '>=', dayStart(filters.closedFrom, timeZone));
  if (filters.closedTo) query = query.where('d.closed_at', '<', dayEnd(filters.closedTo, timeZone));
  if (filters.rating === 'rated') query = query.where('d.rating', 'is not', null);
  else if (filters.rating === 'unrated') query = query.where('d.rating', 'is', null);
  else if (filters.rating !== undefined) query = query.where('d.rating', '=', filters.rating);

  if (tsquery !== null) query = query.where(await textMatchClause(db, tsquery));

  const cursor = options.cursor ? decodeCursor(options.cursor, sort) : null;
  if (sort === 'activity') {
    if (cursor) query = query.where(sql<SqlBool>`(d.updated_at, d.id) < (${cursor.at}::timestamptz, ${cursor.id})`);
    query = query.orderBy('d.updated_at', 'desc').orderBy('d.id', 'desc');
  } else if (sort === 'oldest') {
    if (cursor) query = query.where(sql<SqlBool>`(d.created_at, d.id) > (${cursor.at}::timestamptz, ${cursor.id})`);
    query = query.orderBy('d.created_at', 'asc').orderBy('d.id', 'asc');
  } else {
    if (cursor) query = query.where(sql<SqlBool>`(d.created_at, d.id) < (${cursor.at}::timestamptz, ${cursor.id})`);
    query = query.orderBy('d.created_at', 'desc').orderBy('d.id', 'desc');
  }

  const rows = await query.limit(limit + 1).execute();
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const nextCursor = rows.length > limit && last ? encodeCursor({ sort, at: sort === 'activity' ? last.updated_key : last.created_key, id: last.id }) : null;
  const excerpts = await findExcerpts(db, page.map((r) => r.id), text);
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
      contactPhone: r.contact_phone,
      operatorId: r.operator_id,
      operatorName: r.operator_name,
      rating: r.rating,
      missed: r.missed,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
      closedAt: r.closed_at,
      excerpt: excerpts.get(r.id) ?? null,
    })),
  };
}

/**
 * One message per dialog of the page: with a search text the latest one that matches, its words
 * marked (ts_headline on at most one message a row); else the latest one people wrote.
 */
async function findExcerpts(db: Database, dialogIds: number[], text: string | null) {
  if (dialogIds.length === 0) return new Map<number, { text: string; authorKind: AuthorKind; createdAt: Date }>();
  const rows =
    text === null
      ? await db
          .selectFrom(sql<{ id: number }>`unnest(${dialogIds}::bigint[])`.as('p'))
          .innerJoinLateral(
            (eb) =>
              eb
                .selectFrom('messages as m')
                .select(['m.text', 'm.author_kind', 'm.created_at'])
                .whereRef('m.dialog_id', '=', sql.ref('p.p'))
                .orderBy(sql`m.author_kind in ('client', 'operator')`, 'desc')
                .orderBy('m.id', 'desc')
                .limit(1)
                .as('m'),
            (join) => join.onTrue(),
          )
          .select([sql<number>`p.p`.as('dialog_id'), 'm.text', 'm.author_kind', 'm.created_at'])
          .execute()
      : await db
          .selectFrom(sql<{ id: number }>`unnest(${dialogIds}::bigint[])`.as('p'))
          .innerJoinLateral(
            (eb) =>
              eb
                .selectFrom('messages as m')
                .select([
                  sql<string>`ts_headline('russian'::regconfig, m.text, websearch_to_tsquery('russian'::regconfig, ${text}), ${`StartSel=${matchStart}, StopSel=${matchEnd}, MaxWords=24, MinWords=10, MaxFragments=2, FragmentDelimiter=" … "`})`.as('text'),
                  'm.author_kind',
                  'm.created_at',
                ])
                .whereRef('m.dialog_id', '=', sql.ref('p.p'))
                .where(sql<SqlBool>`m.search_vector @@ websearch_to_tsquery('russian'::regconfig, ${text})`)
                .orderBy('m.id', 'desc')
                .limit(1)
                .as('m'),
            (join) => join.onTrue(),
          )
          .select([sql<number>`p.p`.as('dialog_id'), 'm.text', 'm.author_kind', 'm.created_at'])
          .execute();
  return new Map(rows.map((r) => [Number(r.dialog_id), { text: r.text, authorKind: r.author_kind, createdAt: r.created_at }]));
}

interface Cursor {
  sort: HistorySort;
  /** The sort timestamp as PostgreSQL prints it: microseconds survive the round trip. */
  at: string;
  id: number;
}

function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

/** A cursor of another order (the sort changed) or an unreadable one starts from the top. */
function decodeCursor(value: string, sort: HistorySort): Cursor | null {
  try {
    const parsed = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as Partial<Cursor>;
    if (parsed.sort === sort && typeof parsed.at === 'string' && typeof parsed.id === 'number') return { sort, at: parsed.at, id: parsed.id };
  } catch {
    // Unreadable: start from the top.
  }
  return null;
}
