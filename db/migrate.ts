import { Migrator, type Migration, type MigrationProvider } from 'kysely';
import * as initial from './migrations/20261121000000_initial';
import * as operatorAvailability from './migrations/20261121010000_operator_availability';
import * as dialogsRecentAcceptanceIndex from './migrations/20261121020000_dialogs_recent_acceptance_index';
import * as crmLeads from './migrations/20261121030000_crm_leads';
import * as kpi from './migrations/20261121040000_kpi';
import * as dialogActions from './migrations/20261121050000_dialog_actions';
import * as schedulerMarks from './migrations/20261121060000_scheduler_marks';
import * as flows from './migrations/20261121070000_flows';
import * as rateLimits from './migrations/20261203000000_rate_limits';
import * as inboundOutbox from './migrations/20261203010000_inbound_outbox';
import * as messageIdempotency from './migrations/20261203020000_message_idempotency';
import * as lineDispatch from './migrations/20261203030000_line_dispatch';
import * as inboxIndexes from './migrations/20261203040000_inbox_indexes';
import * as files from './migrations/20261203050000_files';
import * as channelState from './migrations/20261203060000_channel_state';
import * as staff from './migrations/20261204010000_staff';
import * as dialogSearch from './migrations/20261204020000_dialog_search';
import * as quickAnswers from './migrations/20261204030000_quick_answers';
import * as notificationSettings from './migrations/20261204040000_notification_settings';
import * as fileStorage from './migrations/20261204050000_file_storage';
import * as apiKeys from './migrations/20261205010000_api_keys';
import * as webhooksAudit from './migrations/20261205020000_webhooks_audit';
import * as statistics from './migrations/20261205030000_statistics';
import * as flowAnalytics from './migrations/20261205030100_flow_analytics';
import * as statisticsRollup from './migrations/20261206020000_statistics_rollup';
import * as statisticsMonthly from './migrations/20261206020100_statistics_monthly';
import * as lineRetention from './migrations/20261206040000_line_retention';
import * as statisticsDeferred from './migrations/20261206050000_statistics_deferred';
import * as statisticsFoldSetBased from './migrations/20261206060000_statistics_fold_set_based';
import * as clientMessagesWriteNoDialogRow from './migrations/20261207010000_client_messages_write_no_dialog_row';
import { createDb } from './client';

/** Listed explicitly: bundlers and file globbing don't mix. Append new migrations here. */
const migrations: Record<string, Migration> = {
  '20261121000000_initial': initial,
  '20261121010000_operator_availability': operatorAvailability,
  '20261121020000_dialogs_recent_acceptance_index': dialogsRecentAcceptanceIndex,
  '20261121030000_crm_leads': crmLeads,
  '20261121040000_kpi': kpi,
  '20261121050000_dialog_actions': dialogActions,
  '20261121060000_scheduler_marks': schedulerMarks,
  '20261121070000_flows': flows,
  '20261203000000_rate_limits': rateLimits,
  '20261203010000_inbound_outbox': inboundOutbox,
  '20261203020000_message_idempotency': messageIdempotency,
  '20261203030000_line_dispatch': lineDispatch,
  '20261203040000_inbox_indexes': inboxIndexes,
  '20261203050000_files': files,
  '20261203060000_channel_state': channelState,
  '20261204010000_staff': staff,
  '20261204020000_dialog_search': dialogSearch,
  '20261204030000_quick_answers': quickAnswers,
  '20261204040000_notification_settings': notificationSettings,
  '20261204050000_file_storage': fileStorage,
  '20261205010000_api_keys': apiKeys,
  '20261205020000_webhooks_audit': webhooksAudit,
  '20261205030000_statistics': statistics,
  '20261205030100_flow_analytics': flowAnalytics,
  '20261206020000_statistics_rollup': statisticsRollup,
  '20261206020100_statistics_monthly': statisticsMonthly,
  '20261206040000_line_retention': lineRetention,
  '20261206050000_statistics_deferred': statisticsDeferred,
  '20261206060000_statistics_fold_set_based': statisticsFoldSetBased,
  '20261207010000_client_messages_write_no_dialog_row': clientMessagesWriteNoDialogRow,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

export async function migrateToLatest(databaseUrl: string): Promise<void> {
  const db = createDb(databaseUrl, { max: 1 });
  try {
    const { error, results } = await new Migrator({ db, provider }).migrateToLatest();
    for (const r of results ?? []) {
      if (r.status === 'Error') console.error(`migration ${r.migrationName} failed`);
    }
    if (error) throw error;
  } finally {
    await db.destroy();
  }
}

/** Up (or down) to the named migration: tests of an upgrade start from an older schema. */
export async function migrateTo(databaseUrl: string, migrationName: string): Promise<void> {
  if (!(migrationName in migrations)) throw new Error(`no migration named ${migrationName}`);
  const db = createDb(databaseUrl, { max: 1 });
  try {
    const { error } = await new Migrator({ db, provider }).migrateTo(migrationName);
    if (error) throw error;
  } finally {
    await db.destroy();
  }
}

/** Undoes the latest applied migration; its name, or undefined when none is applied. */
export async function migrateDown(databaseUrl: string): Promise<string | undefined> {
  const db = createDb(databaseUrl, { max: 1 });
  try {
    const { error, results } = await new Migrator({ db, provider }).migrateDown();
    if (error) throw error;
    return results?.find((r) => r.direction === 'Down' && r.status === 'Success')?.migrationName;
  } finally {
    await db.destroy();
  }
}
