import type { Kysely } from 'kysely';

// Frozen once landed. Each user's notification settings (SPEC §5 "Notifications"): desktop
// notifications and sound on or off, and which events raise them. No row: the defaults
// (domain/notifications.ts), so existing users need no backfill.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('notification_settings')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('desktop', 'boolean', (c) => c.notNull())
    .addColumn('sound', 'boolean', (c) => c.notNull())
    .addColumn('on_offer', 'boolean', (c) => c.notNull())
    .addColumn('on_client_message', 'boolean', (c) => c.notNull())
    .addColumn('on_kpi_alert', 'boolean', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('notification_settings').ifExists().execute();
}
