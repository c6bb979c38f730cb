import { sql, type Kysely } from 'kysely';

// Frozen once landed: add a new migration instead of editing this one.
export async function up(db: Kysely<any>): Promise<void> {
  // An admin's subscription: a URL that hears the chosen event types, signed with its own secret.
  await db.schema
    .createTable('webhook_subscriptions')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('events', sql`text[]`, (c) => c.notNull())
    // The signing secret, encrypted like channel secrets (channels/secrets.ts); shown once on creation.
    .addColumn('secret_encrypted', 'text', (c) => c.notNull())
    .addColumn('active', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('created_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  // One happening, recorded once (with the payload's data as it was then) when any subscription wants it.
  await db.schema
    .createTable('webhook_events')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('dialog_id', 'integer')
    .addColumn('data', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  // The outbox and the log at once: one delivery per subscription × event. `round` counts "send
  // again": each round is one durable workflow (webhook-delivery-<id>-<round>).
  await db.schema
    .createTable('webhook_deliveries')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('subscription_id', 'integer', (c) => c.notNull().references('webhook_subscriptions.id').onDelete('cascade'))
    .addColumn('event_id', 'bigint', (c) => c.notNull().references('webhook_events.id').onDelete('cascade'))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending'))
    .addColumn('round', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_status_code', 'integer')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('webhook_deliveries_once', ['subscription_id', 'event_id'])
    .execute();
  await sql`alter table webhook_deliveries add constraint webhook_deliveries_status check (status in ('pending', 'sending', 'delivered', 'failed'))`.execute(db);
  await sql`create index webhook_deliveries_pending_idx on webhook_deliveries (id) where status = 'pending'`.execute(db);
  await db.schema.createIndex('webhook_deliveries_subscription_idx').on('webhook_deliveries').columns(['subscription_id', 'id']).execute();

  await db.schema
    .createTable('webhook_attempts')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('delivery_id', 'bigint', (c) => c.notNull().references('webhook_deliveries.id').onDelete('cascade'))
    .addColumn('round', 'integer', (c) => c.notNull())
    .addColumn('attempted_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .addColumn('status_code', 'integer')
    .addColumn('response_excerpt', 'text')
    .addColumn('error', 'text')
    .execute();
  await db.schema.createIndex('webhook_attempts_delivery_idx').on('webhook_attempts').columns(['delivery_id', 'id']).execute();

  // The one place events become webhook deliveries: triggers on the rows that record them, so an
  // event is queued in the transaction that makes it (nothing lost, nothing sent for a rollback)
  // whichever code path wrote it. Event types: domain/webhooks.ts (WEBHOOK_EVENT_TYPES).
  await sql`
    create function webhook_enqueue(p_type text, p_dialog_id integer, p_extra jsonb) returns void language plpgsql as $$
    declare
      d record;
      new_event_id bigint;
    begin
      if not exists (select 1 from webhook_subscriptions where active and p_type = any(events)) then
        return;
      end if;
      select id, line_id, channel_id, contact_id, operator_id, status into d from dialogs where id = p_dialog_id;
      insert into webhook_events (type, dialog_id, data)
      values (p_type, p_dialog_id, jsonb_build_object('dialog', jsonb_build_object(
        'id', d.id, 'line_id', d.line_id, 'channel_id', d.channel_id, 'contact_id', d.contact_id,
        'operator_id', d.operator_id, 'status', d.status)) || p_extra)
      returning id into new_event_id;
      insert into webhook_deliveries (subscription_id, event_id)
      select id, new_event_id from webhook_subscriptions where active and p_type = any(events);
    end
    $$`.execute(db);
  await sql`
    create function webhook_on_dialog_insert() returns trigger language plpgsql as $$
    begin
      perform webhook_enqueue('dialog.started', new.id, '{}'::jsonb);
      return null;
    end
    $$`.execute(db);
  await sql`
    create function webhook_on_dialog_event() returns trigger language plpgsql as $$
    declare
      t text := case new.kind
        when 'offered' then 'dialog.offered'
        when 'accepted' then 'dialog.assigned'
        when 'taken_over' then 'dialog.assigned'
        when 'transferred' then 'dialog.transferred'
        when 'closed' then 'dialog.closed'
        when 'rated' then 'rating.received'
      end;
    begin
      if t is not null then
        perform webhook_enqueue(t, new.dialog_id, jsonb_build_object('event', jsonb_build_object(
          'kind', new.kind, 'actor_user_id', new.actor_user_id, 'details', new.data)));
      end if;
      return null;
    end
    $$`.execute(db);
  await sql`
    create function webhook_on_message_insert() returns trigger language plpgsql as $$
    begin
      if not new.hidden then
        perform webhook_enqueue('message.created', new.dialog_id, jsonb_build_object('message', jsonb_build_object(
          'id', new.id, 'text', new.text, 'author_kind', new.author_kind, 'author_user_id', new.author_user_id,
          'created_at', new.created_at)));
      end if;
      return null;
    end
    $$`.execute(db);
  await sql`create trigger webhook_dialog_started after insert on dialogs for each row execute function webhook_on_dialog_insert()`.execute(db);
  await sql`create trigger webhook_dialog_event after insert on dialog_events for each row execute function webhook_on_dialog_event()`.execute(db);
  await sql`create trigger webhook_message_created after insert on messages for each row execute function webhook_on_message_insert()`.execute(db);

  // Who did what and when: append-only, enforced here (services only ever insert).
  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('actor_user_id', 'text')
    .addColumn('actor_api_key_id', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('subject_type', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('before', 'jsonb')
    .addColumn('after', 'jsonb')
    .addColumn('ip', 'text')
    .execute();
  await db.schema.createIndex('audit_log_at_idx').on('audit_log').columns(['at', 'id']).execute();
  await db.schema.createIndex('audit_log_subject_idx').on('audit_log').columns(['subject_type', 'subject_id']).execute();
  await sql`
    create function audit_log_refuse_change() returns trigger language plpgsql as $$
    begin
      raise exception 'the audit log is append-only: % is refused', tg_op using errcode = 'insufficient_privilege';
    end
    $$`.execute(db);
  await sql`create trigger audit_log_append_only before update or delete on audit_log for each row execute function audit_log_refuse_change()`.execute(db);
  await sql`create trigger audit_log_no_truncate before truncate on audit_log for each statement execute function audit_log_refuse_change()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('audit_log').ifExists().execute();
  await sql`drop function if exists audit_log_refuse_change()`.execute(db);
  await sql`drop trigger if exists webhook_dialog_started on dialogs`.execute(db);
  await sql`drop trigger if exists webhook_dialog_event on dialog_events`.execute(db);
  await sql`drop trigger if exists webhook_message_created on messages`.execute(db);
  await sql`drop function if exists webhook_on_dialog_insert()`.execute(db);
  await sql`drop function if exists webhook_on_dialog_event()`.execute(db);
  await sql`drop function if exists webhook_on_message_insert()`.execute(db);
  await sql`drop function if exists webhook_enqueue(text, integer, jsonb)`.execute(db);
  await db.schema.dropTable('webhook_attempts').ifExists().execute();
  await db.schema.dropTable('webhook_deliveries').ifExists().execute();
  await db.schema.dropTable('webhook_events').ifExists().execute();
  await db.schema.dropTable('webhook_subscriptions').ifExists().execute();
}
