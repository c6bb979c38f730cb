import { sql, type Kysely } from 'kysely';

// Frozen once landed. Flow analytics: the path of each flow run in a dialog — every node it left
// and by which output, and the node it stopped at (handle null) — stored when the run ends.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table flow_path_steps (
      dialog_id integer not null references dialogs(id) on delete cascade,
      run_started_at timestamptz not null,
      position integer not null,
      flow_id integer not null,
      version integer not null,
      node_id text not null,
      handle text,
      recorded_at timestamptz not null default now(),
      primary key (dialog_id, run_started_at, position)
    )`.execute(db);
  await sql`create index flow_path_steps_version on flow_path_steps (flow_id, version, recorded_at)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table flow_path_steps`.execute(db);
}
