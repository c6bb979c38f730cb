import { sql, type Transaction } from 'kysely';
import { normalizeEmail, normalizePhone, phoneLookupKey } from '../../domain/crm';
import type { Database } from '../client';
import { openDialogHeld } from './dialogs';
import { findLine } from './lines';
import type { DB } from '../types';

export interface ContactDetails {
  name?: string | null;
  email?: string | null;
  phone?: string | null;
}

/** A contact as the inbound path needs it: who, and whether their messages are only stored (SPEC §4 rule 7). */
export interface IdentifiedContact {
  id: number;
  blocked: boolean;
  /** Created by this call (not found, not matched by details): it has no dialogs yet. */
  created?: boolean;
  /**
   * With `holdOpenDialogOn`, the contact's open dialog on that line (its id), held as
   * holdOpenDialog holds it; absent when they have none there (a created contact has none).
   */
  openDialogId?: number;
}

/**
 * The contact behind a channel identity, created on first contact. Safe under concurrency: the
 * identity's unique (channel, external id) decides the winner, the loser reads the winner's row.
 * Call inside a transaction so a contact is never left without its identity.
 *
 * A new identity whose sender gave an e-mail or phone of a known contact joins that contact when
 * `matchByDetails` says the line looks clients up (SPEC §3 CRM): the same person writing from
 * Telegram after the website chat is one client. Details the contact lacks are filled in.
 */
export async function findOrCreateContactByIdentity(
  db: Database,
  channelId: number,
  externalId: string,
  details: ContactDetails,
  options: { matchByDetails?: () => Promise<boolean>; holdOpenDialogOn?: number } = {},
): Promise<IdentifiedContact> {
  const known = normalizeDetails(details);
  const existing = await findContactByIdentity(db, channelId, externalId, options.holdOpenDialogOn);
  if (existing !== undefined) {
    await fillMissingDetails(db, existing.id, known);
    return existing;
  }
  const matched = (known.email || known.phone) && (await options.matchByDetails?.()) ? await findContactByDetails(db, known) : undefined;
  const contact = matched ?? { id: await insertContact(db, known), blocked: false };
  const inserted = await db
    .insertInto('contact_identities')
    .values({ contact_id: contact.id, channel_id: channelId, external_id: externalId })
    .onConflict((oc) => oc.columns(['channel_id', 'external_id']).doNothing())
    .returning('contact_id')
    .executeTakeFirst();
  if (inserted) {
    if (matched === undefined) return { ...contact, created: true };
    await fillMissingDetails(db, matched.id, known);
    if (options.holdOpenDialogOn === undefined) return matched;
    const open = await openDialogHeld(db, options.holdOpenDialogOn, matched.id).executeTakeFirst();
    return open ? { ...matched, openDialogId: open.id } : matched;
  }
  if (matched === undefined) await db.deleteFrom('contacts').where('id', '=', contact.id).execute();
  const winner = await findContactByIdentity(db, channelId, externalId, options.holdOpenDialogOn);
  if (winner === undefined) throw new Error(`contact identity ${channelId}/${externalId} vanished`);
  return winner;
}

/** Whether the line's CRM settings ask to find known clients by e-mail and phone. */
export async function lineLooksUpContacts(db: Database, lineId: number): Promise<boolean> {
  return (await findLine(db, lineId))?.settings.crm.lookUpContact ?? false;
}

/** The client's id in a channel (whom the channel delivers to), or undefined when they never wrote there. */
export async function findExternalIdOfContact(db: Database, contactId: number, channelId: number): Promise<string | undefined> {
  const row = await db
    .selectFrom('contact_identities')
    .select('external_id')
    .where('contact_id', '=', contactId)
    .where('channel_id', '=', channelId)
    .executeTakeFirst();
  return row?.external_id;
}

export async function findContactIdByIdentity(db: Database, channelId: number, externalId: string): Promise<number | undefined> {
  return (await findContactByIdentity(db, channelId, externalId))?.id;
}

/**
 * The contact behind a channel identity, with its blocked flag, in one query; with
 * `holdOpenDialogOn`, also their open dialog on that line, held (openDialogHeld).
 */
export async function findContactByIdentity(db: Database, channelId: number, externalId: string, holdOpenDialogOn?: number): Promise<IdentifiedContact | undefined> {
  const found = db
    .selectFrom('contact_identities as i')
    .innerJoin('contacts as c', 'c.id', 'i.contact_id')
    .select(['c.id', 'c.blocked'])
    .where('i.channel_id', '=', channelId)
    .where('i.external_id', '=', externalId);
  if (holdOpenDialogOn === undefined) return found.executeTakeFirst();
  const row = await found
    .leftJoinLateral(() => openDialogHeld(db, holdOpenDialogOn, sql.ref<number>('c.id')).as('open'), (join) => join.onTrue())
    .select('open.id as openDialogId')
    .executeTakeFirst();
  return row && { id: row.id, blocked: row.blocked, ...(row.openDialogId !== null ? { openDialogId: row.openDialogId } : {}) };
}

/** The oldest contact with this e-mail, else the oldest with this phone (compared by digits). */
async function findContactByDetails(db: Database, details: { email?: string | null; phone?: string | null }): Promise<IdentifiedContact | undefined> {
  const email = normalizeEmail(details.email);
  const phone = phoneLookupKey(details.phone);
  for (const [column, key] of [['email_key', email], ['phone_key', phone]] as const) {
    if (key === null) continue;
    const row = await db.selectFrom('contacts').select(['id', 'blocked']).where(column, '=', key).orderBy('id').limit(1).executeTakeFirst();
    if (row) return row;
  }
  return undefined;
}

export async function findContact(db: Database, contactId: number) {
  return db.selectFrom('contacts').selectAll().where('id', '=', contactId).executeTakeFirst();
}

/** Sets the given fields (undefined ones stay as they are). */
export async function updateContact(db: Database, contactId: number, changes: { name?: string | null; email?: string | null; phone?: string | null; responsibleUserId?: string | null }) {
  const values = {
    ...(changes.name !== undefined ? { name: changes.name } : {}),
    ...(changes.email !== undefined ? { email: changes.email } : {}),
    ...(changes.phone !== undefined ? { phone: changes.phone } : {}),
    ...(changes.responsibleUserId !== undefined ? { responsible_user_id: changes.responsibleUserId } : {}),
  };
  if (Object.keys(values).length === 0) return;
  await db.updateTable('contacts').set(values).where('id', '=', contactId).execute();
}

/** Replaces the contact's tags, or unblocks them (blocking is the spam action's). */
export async function setContactTagsOrUnblock(db: Database, contactId: number, change: { tags: string[] } | { unblock: true }): Promise<void> {
  await db
    .updateTable('contacts')
    .set('tags' in change ? { tags: change.tags } : { blocked: false })
    .where('id', '=', contactId)
    .execute();
}

/** Adds a tag to the contact; a tag they already have is not repeated. */
export async function addContactTag(db: Database, contactId: number, tag: string): Promise<void> {
  await db
    .updateTable('contacts')
    .set({ tags: sql<string[]>`array(select distinct unnest(tags || array[${tag}]::text[]))` })
    .where('id', '=', contactId)
    .execute();
}

/**
 * The operator who accepts a dialog of a client nobody is responsible for becomes responsible for
 * them (how an experienced CRM assigns new clients). Returns whether it changed anything.
 */
export async function setContactResponsibleIfUnset(trx: Transaction<DB>, contactId: number, userId: string): Promise<boolean> {
  const result = await trx
    .updateTable('contacts')
    .set({ responsible_user_id: userId })
    .where('id', '=', contactId)
    .where('responsible_user_id', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * What a viewer of a contact card may see of the client's history: records of these lines (never
 * an empty list: the card's own dialog's line is in it), and records of their own (their dialogs,
 * leads they are responsible for). Null: everything.
 */
export type ContactHistoryScope = { lineIds: readonly number[]; userId: string } | null;

/** How many dialogs the contact had before this one (in `scope`). */
export async function countDialogsOfContactBefore(db: Database, contactId: number, beforeDialogId: number, scope: ContactHistoryScope = null): Promise<number> {
  let query = db
    .selectFrom('dialogs')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('contact_id', '=', contactId)
    .where('id', '<', beforeDialogId);
  if (scope) query = query.where((eb) => eb.or([eb('line_id', 'in', [...scope.lineIds]), eb('operator_id', '=', scope.userId)]));
  const row = await query.executeTakeFirstOrThrow();
  return row.n;
}

function normalizeDetails(details: ContactDetails): { name: string | null; email: string | null; phone: string | null } {
  return { name: details.name?.trim() || null, email: normalizeEmail(details.email), phone: normalizePhone(details.phone) };
}

async function insertContact(db: Database, details: { name: string | null; email: string | null; phone: string | null }): Promise<number> {
  const row = await db.insertInto('contacts').values(details).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** Fills the contact's empty name, e-mail and phone from what the sender told; never overwrites. */
async function fillMissingDetails(db: Database, contactId: number, details: { name: string | null; email: string | null; phone: string | null }) {
  const missing = (['name', 'email', 'phone'] as const).filter((field) => details[field] !== null);
  if (missing.length === 0) return;
  await db
    .updateTable('contacts')
    .set((eb) => Object.fromEntries(missing.map((field) => [field, eb.fn.coalesce(field, eb.val(details[field]))])))
    .where('id', '=', contactId)
    // Only a row that lacks one of them is written (and locked).
    .where((eb) => eb.or(missing.map((field) => eb(field, 'is', null))))
    .execute();
}

/** The channels the contact has written from (one row per channel identity; in `scope`: of its lines), oldest first. */
export async function listContactChannels(db: Database, contactId: number, scope: ContactHistoryScope = null) {
  let query = db
    .selectFrom('contact_identities as i')
    .innerJoin('channels as ch', 'ch.id', 'i.channel_id')
    .select(['ch.id', 'ch.kind', 'ch.name'])
    .where('i.contact_id', '=', contactId);
  if (scope) query = query.where('ch.line_id', 'in', [...scope.lineIds]);
  return query.orderBy('i.id').execute();
}

/** A page of contacts by id, after contact `afterId`, with their channel identities (the public API). */
export async function listContactsPage(db: Database, page: { afterId: number; limit: number }) {
  const contacts = await db
    .selectFrom('contacts')
    .select(['id', 'name', 'email', 'phone', 'tags', 'blocked', 'created_at'])
    .where('id', '>', page.afterId)
    .orderBy('id')
    .limit(page.limit)
    .execute();
  const identities = contacts.length
    ? await db
        .selectFrom('contact_identities as i')
        .innerJoin('channels as c', 'c.id', 'i.channel_id')
        .select(['i.contact_id', 'i.channel_id', 'c.kind as channel_kind', 'i.external_id', 'i.created_at'])
        .where(
          'i.contact_id',
          'in',
          contacts.map((c) => c.id),
        )
        .orderBy('i.id')
        .execute()
    : [];
  return contacts.map((contact) => ({ ...contact, identities: identities.filter((i) => i.contact_id === contact.id) }));
}
