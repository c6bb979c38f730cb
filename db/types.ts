import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { AbsenceKind, Presence, Workday } from '../domain/availability';
import type { AuthorKind, CloseReason, DialogStatus } from '../domain/dialog';
import type { ChannelKind, MessageExtras } from '../domain/channels';
import type { FlowKind } from '../domain/flows/document';
import type { KpiKind } from '../domain/kpi';
import type { DistributionMode } from '../domain/line-settings';
import type { LeadStatus } from '../domain/crm';
import type { DialogWorkflowInput } from '../domain/messages';
import type { Role } from '../domain/roles';
import type { Locale } from '../domain/locale';
import type { WebhookDeliveryStatus, WebhookEventType } from '../domain/webhooks';

/** The schema, kept by hand next to db/migrations (the one source of truth for column types). */
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Json<T> = ColumnType<T, string | undefined, string>;

export interface UsersTable {
  id: string;
  name: string;
  email: string;
  email_verified: Generated<boolean>;
  image: string | null;
  role: Generated<Role>;
  active: Generated<boolean>;
  locale: Generated<Locale>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

/** One-time links by which a user sets their password (invitation or reset); only the token's SHA-256 is kept. */
export interface UserInvitationsTable {
  id: Generated<number>;
  user_id: string;
  token_hash: string;
  expires_at: Timestamp;
  used_at: Timestamp | null;
  created_by: string | null;
  created_at: CreatedAt;
}

export interface SessionsTable {
  id: string;
  user_id: string;
  token: string;
  expires_at: Timestamp;
  ip_address: string | null;
  user_agent: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface AccountsTable {
  id: string;
  user_id: string;
  account_id: string;
  provider_id: string;
  access_token: string | null;
  refresh_token: string | null;
  id_token: string | null;
  access_token_expires_at: NullableTimestamp;
  refresh_token_expires_at: NullableTimestamp;
  scope: string | null;
  password: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface VerificationsTable {
  id: string;
  identifier: string;
  value: string;
  expires_at: Timestamp;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface LinesTable {
  id: Generated<number>;
  name: string;
  /** Validated by lineSettingsSchema (domain/line-settings.ts) on every read and write. */
  settings: Json<unknown>;
  /** "Delete closed dialogs older than N days" (1..36500, domain/privacy.ts retentionDaysSchema); null keeps them forever. */
  retention_days: number | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface LineQueueMembersTable {
  line_id: number;
  user_id: string;
  position: number;
  last_assigned_at: NullableTimestamp;
}

export interface ChannelsTable {
  id: Generated<number>;
  line_id: number;
  kind: ChannelKind;
  key: string;
  name: string;
  config: Json<unknown>;
  created_at: CreatedAt;
  enabled: Generated<boolean>;
  /** The connector's secret fields, encrypted (channels/secrets.ts); null when it has none. */
  secrets: string | null;
  last_inbound_at: NullableTimestamp;
  last_error: string | null;
  last_error_at: NullableTimestamp;
  /** Where a polling channel's next poll starts (Telegram update id, IMAP UID). */
  poll_cursor: string | null;
}

export interface ContactsTable {
  id: Generated<number>;
  name: string | null;
  email: string | null;
  phone: string | null;
  responsible_user_id: string | null;
  tags: ColumnType<string[], string[] | undefined, string[]>;
  blocked: Generated<boolean>;
  created_at: CreatedAt;
  /** Lookup keys PostgreSQL derives from email and phone (see domain/crm.ts); never written. */
  email_key: ColumnType<string | null, never, never>;
  phone_key: ColumnType<string | null, never, never>;
}

export interface ContactIdentitiesTable {
  id: Generated<number>;
  contact_id: number;
  channel_id: number;
  external_id: string;
  created_at: CreatedAt;
}

export interface DialogsTable {
  id: Generated<number>;
  line_id: number;
  channel_id: number;
  contact_id: number;
  operator_id: string | null;
  status: ColumnType<DialogStatus, DialogStatus | undefined, DialogStatus>;
  close_reason: CloseReason | null;
  missed: Generated<boolean>;
  priority: Generated<number>;
  rating: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
  accepted_at: NullableTimestamp;
  first_answer_at: NullableTimestamp;
  last_operator_message_at: NullableTimestamp;
  closed_at: NullableTimestamp;
  rated_at: NullableTimestamp;
  pinned: Generated<boolean>;
  supervisor_rating: number | null;
  supervisor_comment: string | null;
  supervisor_rated_by: string | null;
  supervisor_rated_at: NullableTimestamp;
  reopened_count: Generated<number>;
}

export interface DialogParticipantsTable {
  dialog_id: number;
  user_id: string;
  invited_by: string | null;
  created_at: CreatedAt;
}

export interface DialogOffersTable {
  dialog_id: number;
  user_id: string;
  offered_at: CreatedAt;
}

/** Dispatch passes of a line asked for and done (engine/dispatch-line.ts). */
export interface LineDispatchTable {
  line_id: number;
  requested: ColumnType<string, string | number | bigint | undefined, string | number | bigint>;
  done: ColumnType<string, string | number | bigint | undefined, string | number | bigint>;
}

/** A dialog waiting to be offered on a line: its mode override and who let it pass; offered_at once offered, until its workflow picks the offer up. */
export interface DialogRoutingRequestsTable {
  dialog_id: number;
  line_id: number;
  mode: DistributionMode | null;
  passed_by: ColumnType<string[], string[] | undefined, string[]>;
  requested_at: Timestamp;
  offered_at: NullableTimestamp;
}

export interface MessagesTable {
  id: Generated<number>;
  dialog_id: number;
  channel_id: number;
  author_kind: AuthorKind;
  author_user_id: string | null;
  text: string;
  hidden: Generated<boolean>;
  extras: ColumnType<MessageExtras, string | undefined, string>;
  external_id: string | null;
  /** Key of the activity call or operator reply that wrote an outgoing message (unique): stored once however often retried. */
  idempotency_key: ColumnType<string | null, string | null | undefined, string | null>;
  delivery_status: ColumnType<'stored' | 'delivered' | 'failed', 'stored' | 'delivered' | 'failed' | undefined, 'stored' | 'delivered' | 'failed'>;
  /** Why the channel refused the message for good, shown to the operator. */
  delivery_error: string | null;
  /** Channel threading keys of the message (e-mail Message-ID and References). */
  thread_keys: ColumnType<string[], string[] | undefined, string[]>;
  created_at: CreatedAt;
  /** to_tsvector('russian', text), derived by PostgreSQL for full-text search; never written. */
  search_vector: ColumnType<string, never, never>;
}

/** A file that came with or goes out with a message; messages point at it from extras.attachments. */
export interface FilesTable {
  id: Generated<number>;
  dialog_id: number | null;
  name: string;
  mime_type: string;
  size: number;
  /** The bytes of a file stored before the file store (migration 20261204050000); new files keep null. */
  data: ColumnType<Buffer | null, Buffer | null | undefined, never>;
  /** Where the file store keeps the bytes (storage/storage-keys.ts); null for a file kept in `data`. */
  storage_key: string | null;
  created_at: CreatedAt;
}

export interface QuickAnswersTable {
  id: Generated<number>;
  title: string;
  text: string;
  /** Null: for every line. */
  line_id: number | null;
  usage_count: Generated<number>;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface QuickAnswerFilesTable {
  quick_answer_id: number;
  file_id: number;
  position: number;
}

export interface LeadsTable {
  id: Generated<number>;
  contact_id: number;
  dialog_id: number | null;
  line_id: number;
  title: string;
  status: ColumnType<LeadStatus, LeadStatus | undefined, LeadStatus>;
  responsible_user_id: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface DialogEventsTable {
  id: Generated<number>;
  dialog_id: number;
  kind: string;
  actor_user_id: string | null;
  data: ColumnType<Record<string, unknown>, string | undefined, string>;
  created_at: CreatedAt;
}

export interface OperatorStatesTable {
  user_id: string;
  presence: ColumnType<Presence, Presence | undefined, Presence>;
  workday: ColumnType<Workday, Workday | undefined, Workday>;
  presence_changed_at: Timestamp;
  workday_changed_at: Timestamp;
}

export interface UserAbsencesTable {
  id: Generated<number>;
  user_id: string;
  starts_at: Timestamp;
  ends_at: Timestamp;
  kind: AbsenceKind;
  note: string | null;
  created_by: string | null;
  created_at: CreatedAt;
}

/** When a scheduled job last covered the clock up to (workflows/availability-clock.ts). */
export interface SchedulerMarksTable {
  job: string;
  last_run_at: Timestamp;
}

/** An answer-time limit a dialog went over (SPEC §3 KPI); once per waiting period. */
export interface KpiViolationsTable {
  id: Generated<number>;
  /** No foreign key: the row outlives its dialog when retention deletes it (migration 20261206040000). */
  dialog_id: number;
  line_id: number;
  operator_id: string | null;
  kind: KpiKind;
  limit_minutes: number;
  waiting_since: Timestamp;
  detected_at: CreatedAt;
}

/** An alert in one user's inbox; `data` is validated per `kind` on read (domain/kpi.ts for 'kpi_alert'). */
export interface NotificationsTable {
  id: Generated<number>;
  user_id: string;
  kind: string;
  dialog_id: number | null;
  data: ColumnType<unknown, string | undefined, string>;
  created_at: CreatedAt;
  read_at: NullableTimestamp;
}

/** A user's notification settings (SPEC §5); no row means the defaults of domain/notifications.ts. */
export interface NotificationSettingsTable {
  user_id: string;
  desktop: boolean;
  sound: boolean;
  on_offer: boolean;
  on_client_message: boolean;
  on_kpi_alert: boolean;
  updated_at: Timestamp;
}

/** A flow's working copy (SPEC §6); `draft` is read through migrateFlow() and the schema (db/queries/flows.ts). */
export interface FlowsTable {
  id: Generated<number>;
  name: string;
  kind: FlowKind;
  draft: Json<unknown>;
  created_at: CreatedAt;
  updated_at: Timestamp;
  updated_by: string | null;
}

/** A published flow version: immutable (a database trigger refuses updates). */
export interface FlowVersionsTable {
  flow_id: ColumnType<number, number, never>;
  version: ColumnType<number, number, never>;
  document: ColumnType<unknown, string, never>;
  published_at: CreatedAt;
  published_by: ColumnType<string | null, string | null | undefined, never>;
}

/** A client message's signal not yet handed to its dialog workflow (the inbound outbox); deleted once delivered. */
export interface InboundOutboxTable {
  message_id: number;
  dialog_id: number;
  workflow_input: Json<DialogWorkflowInput>;
  created_at: CreatedAt;
  attempts: Generated<number>;
  last_error: string | null;
  next_attempt_at: Timestamp;
}

/** Fixed-window counters of per-client limits (db/queries/rate-limits.ts). */
export interface RateLimitsTable {
  key: string;
  window_started_at: Timestamp;
  hits: number;
  expires_at: Timestamp;
}

/** Failed sign-ins per hashed e-mail address (domain/sign-in-backoff.ts). */
export interface SignInBackoffsTable {
  account_key: string;
  failures: number;
  locked_until: NullableTimestamp;
  last_attempt_at: Timestamp;
}

export interface WebhookSubscriptionsTable {
  id: Generated<number>;
  url: string;
  description: Generated<string>;
  events: ColumnType<WebhookEventType[], WebhookEventType[], WebhookEventType[]>;
  secret_encrypted: string;
  active: Generated<boolean>;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

/** Written only by the webhook triggers (migration 20261205020000). */
export interface WebhookEventsTable {
  id: Generated<number>;
  type: WebhookEventType;
  dialog_id: number | null;
  data: ColumnType<Record<string, unknown>, string, never>;
  created_at: CreatedAt;
}

export interface WebhookDeliveriesTable {
  id: Generated<number>;
  subscription_id: number;
  event_id: number;
  status: ColumnType<WebhookDeliveryStatus, WebhookDeliveryStatus | undefined, WebhookDeliveryStatus>;
  round: Generated<number>;
  attempts: Generated<number>;
  last_status_code: number | null;
  last_error: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface WebhookAttemptsTable {
  id: Generated<number>;
  delivery_id: number;
  round: number;
  attempted_at: CreatedAt;
  duration_ms: number;
  status_code: number | null;
  response_excerpt: string | null;
  error: string | null;
}

/** Append-only (a trigger refuses UPDATE, DELETE and TRUNCATE). */
export interface AuditLogTable {
  id: Generated<number>;
  at: CreatedAt;
  actor_user_id: string | null;
  actor_api_key_id: string | null;
  action: string;
  subject_type: string;
  subject_id: string;
  before: ColumnType<Record<string, unknown> | null, string | null, never>;
  after: ColumnType<Record<string, unknown> | null, string | null, never>;
  ip: string | null;
}

/** One row per dialog for statistics (SPEC §8), kept by triggers (migration 20261205030000); never written by the app. */
/**
 * The daily roll-up of dialog_stats (migration 20261206020000_statistics_rollup), folded in from
 * dialog_stats_pending by dialog_stats_fold() (migration 20261206050000_statistics_deferred):
 * per scope — 'full' (line, channel, operator), 'line' (line, channel), 'operator', 'all' — and
 * local day. line_id / channel_id 0 and operator_id '' where the scope has none ('' is also
 * "nobody took it" in the scopes with an operator). `ratings`: counts of like, dislike, 1 … 5
 * (rollupRatingValues); `hours`: dialogs per local hour 0–23; `times`: first-answer, further-answer
 * and resolution histograms one after another (timeBucketEdges), sparse: position (1-based) × 2^20
 * + count for each bucket with dialogs.
 */
/**
 * Changes of dialog_stats not yet folded into the roll-up (migration 20261206050000): the row as
 * it was (sign −1) or as it is (+1), appended by its trigger; dialog_stats_fold() applies and deletes them.
 */
export interface DialogStatsPendingTable {
  id: ColumnType<string, never, never>;
  sign: -1 | 1;
  stats: ColumnType<Record<string, unknown>, never, never>;
}

export interface DialogStatsDailyTable {
  scope: 'full' | 'line' | 'operator' | 'all';
  local_day: ColumnType<string, string, never>;
  line_id: number;
  channel_id: number;
  operator_id: string;
  dialogs: number;
  missed: number;
  rated: number;
  ratings: number[];
  supervisor_rated: number;
  supervisor_sum: number;
  leads: number;
  kpi_violations: number;
  hours: number[];
  times: number[];
}

/**
 * Month grain of the statistics roll-up (migration 20261206020100_statistics_monthly): the sums of
 * a local month's dialog_stats_daily rows (local_month: its first day), kept by a trigger on
 * dialog_stats_daily; the same columns but no hours.
 */
export interface DialogStatsMonthlyTable extends Omit<DialogStatsDailyTable, 'local_day' | 'hours'> {
  local_month: ColumnType<string, string, never>;
}

export interface DialogStatsTable {
  /** No foreign key: the row outlives its dialog when retention deletes it (migration 20261206040000). */
  dialog_id: number;
  line_id: number;
  channel_id: number;
  operator_id: string | null;
  created_at: Date;
  /** Day, hour (0–23) and ISO weekday (1 Monday … 7 Sunday) of creation in the line's time zone. */
  local_day: ColumnType<string, never, never>;
  local_hour: number;
  local_dow: number;
  first_answer_seconds: number | null;
  answered: boolean;
  further_answer_seconds: ColumnType<string, never, never>;
  further_answer_count: number;
  resolution_seconds: number | null;
  missed: boolean;
  rating: string | null;
  supervisor_rating: number | null;
  became_lead: boolean;
  kpi_violations: number;
}

/** Operators' presence and working-day intervals (kept by a trigger on operator_states); ended_at null: still so. */
export interface OperatorStateLogTable {
  id: Generated<string>;
  user_id: string;
  presence: Presence;
  workday: Workday;
  started_at: Date;
  ended_at: Date | null;
}

/** Each flow run's path: nodes left (by `handle`) and where it stopped (handle null); flow analytics. */
export interface FlowPathStepsTable {
  /** No foreign key: the row outlives its dialog when retention deletes it (migration 20261206040000). */
  dialog_id: number;
  run_started_at: Timestamp;
  position: number;
  flow_id: number;
  version: number;
  node_id: string;
  handle: string | null;
  recorded_at: CreatedAt;
}

/** Public REST API keys (SPEC §9): the token's SHA-256 only; scopes from domain/api-scopes.ts. */
export interface ApiKeysTable {
  id: Generated<number>;
  name: string;
  prefix: string;
  token_hash: string;
  scopes: string[];
  created_by: string;
  created_at: CreatedAt;
  last_used_at: NullableTimestamp;
  revoked_at: NullableTimestamp;
}

export interface DB {
  users: UsersTable;
  sessions: SessionsTable;
  accounts: AccountsTable;
  verifications: VerificationsTable;
  user_invitations: UserInvitationsTable;
  lines: LinesTable;
  line_queue_members: LineQueueMembersTable;
  channels: ChannelsTable;
  files: FilesTable;
  quick_answers: QuickAnswersTable;
  quick_answer_files: QuickAnswerFilesTable;
  contacts: ContactsTable;
  contact_identities: ContactIdentitiesTable;
  dialogs: DialogsTable;
  dialog_offers: DialogOffersTable;
  dialog_routing_requests: DialogRoutingRequestsTable;
  line_dispatch: LineDispatchTable;
  dialog_participants: DialogParticipantsTable;
  messages: MessagesTable;
  dialog_events: DialogEventsTable;
  leads: LeadsTable;
  operator_states: OperatorStatesTable;
  user_absences: UserAbsencesTable;
  kpi_violations: KpiViolationsTable;
  notifications: NotificationsTable;
  notification_settings: NotificationSettingsTable;
  scheduler_marks: SchedulerMarksTable;
  flows: FlowsTable;
  flow_versions: FlowVersionsTable;
  inbound_outbox: InboundOutboxTable;
  rate_limits: RateLimitsTable;
  sign_in_backoffs: SignInBackoffsTable;
  webhook_subscriptions: WebhookSubscriptionsTable;
  webhook_events: WebhookEventsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_attempts: WebhookAttemptsTable;
  audit_log: AuditLogTable;
  dialog_stats: DialogStatsTable;
  dialog_stats_daily: DialogStatsDailyTable;
  dialog_stats_pending: DialogStatsPendingTable;
  dialog_stats_monthly: DialogStatsMonthlyTable;
  operator_state_log: OperatorStateLogTable;
  flow_path_steps: FlowPathStepsTable;
  api_keys: ApiKeysTable;
}

export type User = Selectable<UsersTable>;
export type Line = Selectable<LinesTable>;
export type Channel = Selectable<ChannelsTable>;
export type Contact = Selectable<ContactsTable>;
export type Dialog = Selectable<DialogsTable>;
export type NewDialog = Insertable<DialogsTable>;
export type DialogUpdate = Updateable<DialogsTable>;
export type Message = Selectable<MessagesTable>;
export type DialogEvent = Selectable<DialogEventsTable>;
export type Lead = Selectable<LeadsTable>;
export type OperatorState = Selectable<OperatorStatesTable>;
export type UserAbsence = Selectable<UserAbsencesTable>;
