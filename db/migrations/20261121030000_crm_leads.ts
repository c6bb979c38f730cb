import { sql, type Kysely } from 'kysely';

// Frozen once landed: add a new migration instead of editing this one.
export async function up(db: Kysely<any>): Promise<void> {
  // Lookup keys of a contact's e-mail and phone (SPEC §3 CRM): the SQL twins of normalizeEmail and
  // phoneLookupKey in domain/crm.ts, computed by PostgreSQL so every writer keeps them right.
  await db.schema
    .alterTable('contacts')
    .addColumn('email_key', 'text', (c) => c.generatedAlwaysAs(sql`nullif(lower(btrim(email)), '')`).stored())
    .addColumn('phone_key', 'text', (c) => c.generatedAlwaysAs(sql`nullif(regexp_replace(phone, '[^0-9]', '', 'g'), '')`).stored())
    .execute();
  await db.schema.createIndex('contacts_email_key_idx').on('contacts').column('email_key').where('email_key', 'is not', null).execute();
  await db.schema.createIndex('contacts_phone_key_idx').on('contacts').column('phone_key').where('phone_key', 'is not', null).execute();
  await db.schema.createIndex('contacts_responsible_idx').on('contacts').column('responsible_user_id').execute();

  await db.schema
    .createTable('leads')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('contact_id', 'integer', (c) => c.notNull().references('contacts.id').onDelete('cascade'))
    .addColumn('dialog_id', 'integer', (c) => c.references('dialogs.id').onDelete('set null'))
    .addColumn('line_id', 'integer', (c) => c.notNull().references('lines.id').onDelete('cascade'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('new').check(sql`status in ('new','in_progress','won','lost')`))
    .addColumn('responsible_user_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  // One lead per dialog: a retried "create the lead" activity finds the first one.
  await sql`create unique index leads_one_per_dialog on leads (dialog_id) where dialog_id is not null`.execute(db);
  await db.schema.createIndex('leads_contact_idx').on('leads').columns(['contact_id', 'created_at']).execute();
  await db.schema.createIndex('leads_responsible_idx').on('leads').columns(['responsible_user_id', 'status']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('leads').ifExists().execute();
  await db.schema.dropIndex('contacts_responsible_idx').ifExists().execute();
  await db.schema.alterTable('contacts').dropColumn('phone_key').dropColumn('email_key').execute();
}
