import type { Database } from '../client';

/**
 * The contact behind a channel identity, created on first contact. Safe under concurrency: the
 * identity's unique (channel, external id) decides the winner, the loser reads the winner's row.
 * Call inside a transaction so a contact is never left without its identity.
 */
export async function findOrCreateContactByIdentity(
  db: Database,
  channelId: number,
  externalId: string,
  details: { name?: string; email?: string; phone?: string },
): Promise<number> {
  const existing = await findContactIdByIdentity(db, channelId, externalId);
  if (existing !== undefined) return existing;
  const contact = await db
    .insertInto('contacts')
    .values({ name: details.name ?? null, email: details.email ?? null, phone: details.phone ?? null })
    .returning('id')
    .executeTakeFirstOrThrow();
  const inserted = await db
    .insertInto('contact_identities')
    .values({ contact_id: contact.id, channel_id: channelId, external_id: externalId })
    .onConflict((oc) => oc.columns(['channel_id', 'external_id']).doNothing())
    .returning('contact_id')
    .executeTakeFirst();
  if (inserted) return inserted.contact_id;
  await db.deleteFrom('contacts').where('id', '=', contact.id).execute();
  const winner = await findContactIdByIdentity(db, channelId, externalId);
  if (winner === undefined) throw new Error(`contact identity ${channelId}/${externalId} vanished`);
  return winner;
}

export async function findContactIdByIdentity(db: Database, channelId: number, externalId: string) {
  const row = await db
    .selectFrom('contact_identities')
    .select('contact_id')
    .where('channel_id', '=', channelId)
    .where('external_id', '=', externalId)
    .executeTakeFirst();
  return row?.contact_id;
}

export async function findContact(db: Database, contactId: number) {
  return db.selectFrom('contacts').selectAll().where('id', '=', contactId).executeTakeFirst();
}
