import { sql, type Kysely } from 'kysely';

// Frozen once landed: add a new migration instead of editing this one.
export async function up(db: Kysely<any>): Promise<void> {
  // A flow the admin edits (SPEC §6): the draft is the working copy, always a schema-valid
  // FlowDocument (graph problems allowed: a draft may be unfinished).
  await db.schema
    .createTable('flows')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('bot', 'routing')`))
    .addColumn('draft', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .execute();

  // Published versions: numbered 1, 2, 3… per flow; a dialog pins the one it started with.
  await db.schema
    .createTable('flow_versions')
    .addColumn('flow_id', 'integer', (c) => c.notNull().references('flows.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull().check(sql`version >= 1`))
    .addColumn('document', 'jsonb', (c) => c.notNull())
    .addColumn('published_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('published_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addPrimaryKeyConstraint('flow_versions_pk', ['flow_id', 'version'])
    .execute();

  // A published version never changes: dialogs pinned to it must run what was published. The one
  // update let through is the foreign key clearing a deleted publisher (on delete set null).
  await sql`
    create function flow_versions_refuse_update() returns trigger language plpgsql as $$
    begin
      if (new.flow_id, new.version, new.document, new.published_at) is not distinct from (old.flow_id, old.version, old.document, old.published_at)
         and new.published_by is null then
        return new;
      end if;
      raise exception 'flow % version % is published and cannot be changed; publish a new version instead', old.flow_id, old.version
        using errcode = 'integrity_constraint_violation';
    end
    $$`.execute(db);
  await sql`
    create trigger flow_versions_immutable before update on flow_versions
    for each row execute function flow_versions_refuse_update()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('flow_versions').ifExists().execute();
  await sql`drop function if exists flow_versions_refuse_update()`.execute(db);
  await db.schema.dropTable('flows').ifExists().execute();
}
