import { sql, type Kysely } from 'kysely';

// Frozen once landed. Retention per line (SPEC §9): "delete closed dialogs older than N days", null
// = keep forever. The scheduled sweep deletes dialog rows, and before this migration the summary
// rows that statistics read went with them: dialog_stats (on delete cascade, and its trigger then
// subtracted the dialog from dialog_stats_daily and so from dialog_stats_monthly), flow_path_steps
// (flow analytics visits) and kpi_violations (the KPI report's counts) all cascaded from dialogs.
// They carry no personal data — ids, times, ratings, node ids — and a director expects last year's
// figures to stay as they were, so they lose their foreign key to dialogs and outlive the dialog.
// No statistics query joins dialogs, so nothing counted disappears with the rows.
const keptWithoutDialog = ['dialog_stats', 'flow_path_steps', 'kpi_violations'] as const;

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table lines add column retention_days integer`.execute(db);
  await sql`alter table lines add constraint lines_retention_days check (retention_days between 1 and 36500)`.execute(db);
  for (const table of keptWithoutDialog) {
    await sql`alter table ${sql.table(table)} drop constraint ${sql.ref(`${table}_dialog_id_fkey`)}`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  // Rows of dialogs deleted meanwhile stay: the keys come back unchecked for them (not valid).
  for (const table of keptWithoutDialog) {
    await sql`alter table ${sql.table(table)} add constraint ${sql.ref(`${table}_dialog_id_fkey`)} foreign key (dialog_id) references dialogs(id) on delete cascade not valid`.execute(db);
  }
  await sql`alter table lines drop constraint lines_retention_days`.execute(db);
  await sql`alter table lines drop column retention_days`.execute(db);
}
