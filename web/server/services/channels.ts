import { randomBytes } from 'node:crypto';
import type { ConnectionCheck } from '../../../channels/connector';
import { ChannelUnavailable, loadConnectedChannel, type ChannelRuntime } from '../../../channels/load';
import { connectorOf } from '../../../channels/registry';
import { decryptSecrets, maskSecret } from '../../../channels/secrets';
import { settingsForms } from '../../../channels/settings-forms';
import { settingsFromStorage, storedSettings } from '../../../channels/settings-storage';
import { channelKindLabels, type ChannelKind } from '../../../domain/channels';
import { AppError } from '../../../domain/errors';
import { errorMessage } from '../../../domain/error-messages';
import type { Database } from '../../../db/client';
import {
  countDialogsOfChannel,
  deleteChannelWithoutDialogs,
  findChannel,
  insertChannel,
  listChannelsOfLine,
  recordChannelCheck,
  setChannelEnabled,
  updateChannelSettings,
} from '../../../db/queries/channels';
import { findLine } from '../../../db/queries/lines';
import type { Channel } from '../../../db/types';
import type { Actor } from './actor';
import { audit, type AuditDeps } from './audit';
import { widgetEmbedSnippet } from './lines';
import { channelWebhookUrl } from '../../../channels/webhook-url';

/**
 * Channels as the admin manages them on a line's page (SPEC §7). Settings are validated with the
 * kind's own form schema; its secret fields are stored encrypted in `channels.secrets` and leave
 * the server only masked, the rest goes to `channels.config`.
 */
export type ChannelDeps = ChannelRuntime & AuditDeps & { db: Database };

export interface ChannelView {
  id: number;
  lineId: number;
  kind: ChannelKind;
  key: string;
  name: string;
  enabled: boolean;
  /** Where the messenger delivers to; null for kinds without webhook deliveries (the website chat, e-mail). */
  webhookUrl: string | null;
  widgetUrl: string | null;
  embedSnippet: string | null;
  /** The public settings as stored, to fill the edit form. */
  settings: Record<string, unknown>;
  /** Each stored secret, masked (`••••abcd`): enough to recognise it, never to use it. */
  maskedSecrets: Record<string, string>;
  /** Why the stored secrets cannot be read (OPENLINES_SECRET changed), or null. */
  secretsProblem: string | null;
  lastInboundAt: Date | null;
  lastError: string | null;
  lastErrorAt: Date | null;
}

/** A channel's settings as stored: public ones as they are, secret ones encrypted (channels/settings-storage.ts). */
interface StoredSettings {
  config: unknown;
  secrets: string | null;
}

/**
 * A settings form refused the values: every invalid field named as `settings.<field>`. It carries
 * the issues so the tRPC error formatter reports each field, as it does for input validation.
 */
export class ChannelSettingsError extends AppError {
  constructor(readonly issues: { path: (string | number)[]; message: string }[]) {
    super('BAD_REQUEST', issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '), issues[0]?.path.join('.'));
    this.name = 'ChannelSettingsError';
  }
}

export async function listLineChannels(deps: ChannelDeps, lineId: number): Promise<ChannelView[]> {
  await requireLine(deps.db, lineId);
  const rows = await listChannelsOfLine(deps.db, lineId);
  return rows.map((row) => toView(deps, row));
}

export async function createChannel(
  deps: ChannelDeps,
  actor: Actor,
  input: { lineId: number; kind: ChannelKind; name: string; settings: Record<string, unknown> },
): Promise<ChannelView> {
  await requireLine(deps.db, input.lineId);
  const stored = validateSettings(deps.appSecret, input.kind, input.settings, { config: {}, secrets: null });
  // A random tail keeps keys unique without asking the admin; on the rare clash, draw again.
  for (let attempt = 0; attempt < 5; attempt++) {
    const row = await deps.db.transaction().execute(async (trx) => {
      const inserted = await insertChannel(trx, { lineId: input.lineId, kind: input.kind, key: channelKeyFor(input.kind, input.name), name: input.name, ...stored });
      if (inserted) await audit(trx, deps, actor, { action: 'channel.created', subject: { type: 'channel', id: inserted.id }, after: auditedChannel(inserted) });
      return inserted;
    });
    if (row) return toView(deps, row);
  }
  throw new Error('could not find a free channel key in 5 attempts');
}

/** Saves name and settings; a secret field left blank keeps the stored secret. */
export async function updateChannel(deps: ChannelDeps, actor: Actor, input: { channelId: number; name: string; settings: Record<string, unknown> }): Promise<ChannelView> {
  const channel = await requireChannel(deps.db, input.channelId);
  const stored = validateSettings(deps.appSecret, channel.kind, input.settings, channel);
  const row = await deps.db.transaction().execute(async (trx) => {
    const updated = await updateChannelSettings(trx, channel.id, { name: input.name, ...stored });
    if (!updated) throw channelNotFound(input.channelId);
    const credentialsReplaced = updated.secrets !== channel.secrets;
    await audit(trx, deps, actor, {
      action: 'channel.updated',
      subject: { type: 'channel', id: channel.id },
      before: auditedChannel(channel),
      after: { ...auditedChannel(updated), ...(credentialsReplaced ? { credentialsReplaced } : {}) },
    });
    return updated;
  });
  return toView(deps, row);
}

/** A disabled channel keeps its settings and dialogs; it takes in and sends nothing until enabled. */
export async function setEnabled(deps: ChannelDeps, actor: Actor, input: { channelId: number; enabled: boolean }): Promise<ChannelView> {
  const row = await deps.db.transaction().execute(async (trx) => {
    const changed = await setChannelEnabled(trx, input.channelId, input.enabled);
    if (!changed) throw channelNotFound(input.channelId);
    await audit(trx, deps, actor, {
      action: input.enabled ? 'channel.enabled' : 'channel.disabled',
      subject: { type: 'channel', id: input.channelId },
      before: { enabled: !input.enabled },
      after: { enabled: input.enabled },
    });
    return changed;
  });
  return toView(deps, row);
}

/**
 * Removes a channel that never had a dialog. Removing one with dialogs would delete their history
 * with it (messages and dialogs belong to their channel), so the admin disables it instead.
 */
export async function removeChannel(deps: Pick<ChannelDeps, 'db' | 'clientAddress'>, actor: Actor, channelId: number): Promise<{ removed: true }> {
  const channel = await requireChannel(deps.db, channelId);
  const removed = await deps.db.transaction().execute(async (trx) => {
    if (!(await deleteChannelWithoutDialogs(trx, channelId))) return false;
    await audit(trx, deps, actor, { action: 'channel.removed', subject: { type: 'channel', id: channelId }, before: auditedChannel(channel) });
    return true;
  });
  if (removed) return { removed: true };
  const dialogs = await countDialogsOfChannel(deps.db, channelId);
  throw new AppError('CONFLICT', errorMessage('channels.hasDialogs', { count: dialogs }), 'channelId');
}

/** A channel as the audit log keeps it: public settings only (secrets are encrypted and never logged). */
function auditedChannel(row: Channel): Record<string, unknown> {
  return { lineId: row.line_id, kind: row.kind, key: row.key, name: row.name, enabled: row.enabled, settings: row.config };
}

/**
 * "Check connection": the connector makes a cheap authenticated call with the stored settings.
 * A failure is kept on the channel (shown with its time) until a later check succeeds.
 */
export async function checkConnection(deps: ChannelDeps, channelId: number): Promise<ConnectionCheck> {
  const channel = await requireChannel(deps.db, channelId);
  const kind = channelKindLabels[channel.kind];
  let loaded;
  try {
    loaded = await loadConnectedChannel(deps.db, deps, { id: channel.id });
  } catch (error) {
    if (!(error instanceof ChannelUnavailable)) throw error;
    if (error.reason === 'not_found') throw channelNotFound(channelId);
    if (error.reason === 'disabled') return { ok: false, error: 'The channel is disabled: enable it, then check its connection.' };
    if (error.reason === 'no_connector') {
      return channel.kind === 'widget'
        ? { ok: true, detail: 'The website chat is served by Openlines itself: there is nothing to connect.' }
        : { ok: false, error: `${kind} channels cannot be connected yet: this version of Openlines has no ${kind} connector.` };
    }
    return recordCheck(deps.db, channel.id, { ok: false, error: error.message });
  }
  let result: ConnectionCheck;
  try {
    result = await loaded.connector.checkConnection(loaded.channel, { db: deps.db, fetch: deps.fetch ?? fetch });
  } catch (error) {
    // A connector that throws (network down, an unexpected answer) failed the check; it is no server error.
    result = { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  return recordCheck(deps.db, channel.id, result);
}

async function recordCheck(db: Database, channelId: number, result: ConnectionCheck): Promise<ConnectionCheck> {
  await recordChannelCheck(db, channelId, result.ok ? null : result.error);
  return result;
}

/**
 * The kind's form validates what the admin entered and `storedSettings` splits it for storage. A
 * blank field is an unset one, so the kind's defaults apply; a blank secret keeps the stored one.
 */
function validateSettings(appSecret: string, kind: ChannelKind, input: Record<string, unknown>, current: StoredSettings): StoredSettings {
  const form = settingsForms[kind];
  if (!form) {
    // The website chat works without settings; other kinds need their form to be configured.
    if (kind === 'widget') return { config: current.config, secrets: null };
    throw new AppError('BAD_REQUEST', errorMessage('channels.kindUnavailable', { kind: channelKindLabels[kind] }), 'kind');
  }
  const values: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(input)) {
    if (value !== '' && value !== null && value !== undefined) values[name] = value;
  }
  const stored = current.secrets ? settingsFromStorage({}, current.secrets, appSecret) : {};
  for (const name of form.secretFields) {
    if (values[name] === undefined && stored[name] !== undefined) values[name] = stored[name];
  }
  const parsed = form.schema.safeParse(values);
  if (!parsed.success) {
    throw new ChannelSettingsError(parsed.error.issues.map((issue) => ({ path: ['settings', ...issue.path.map((part) => (typeof part === 'symbol' ? String(part) : part))], message: issue.message })));
  }
  return storedSettings(form, asRecord(parsed.data), appSecret);
}

function toView(deps: Pick<ChannelDeps, 'publicUrl' | 'appSecret'>, row: Channel): ChannelView {
  let maskedSecrets: Record<string, string> = {};
  let secretsProblem: string | null = null;
  try {
    const secrets = row.secrets ? decryptSecrets(deps.appSecret, row.secrets) : {};
    maskedSecrets = Object.fromEntries(Object.entries(secrets).map(([name, value]) => [name, maskSecret(value)]));
  } catch (error) {
    secretsProblem = error instanceof Error ? error.message : String(error);
  }
  const isWidget = row.kind === 'widget';
  return {
    id: row.id,
    lineId: row.line_id,
    kind: row.kind,
    key: row.key,
    name: row.name,
    enabled: row.enabled,
    // Only kinds that take deliveries by webhook have one to copy (e-mail reads its mailbox).
    webhookUrl: connectorOf(row.kind)?.handleWebhook ? channelWebhookUrl(deps.publicUrl, row.key) : null,
    widgetUrl: isWidget ? `${deps.publicUrl}/widget/${encodeURIComponent(row.key)}` : null,
    embedSnippet: isWidget ? widgetEmbedSnippet(deps.publicUrl, row.key) : null,
    settings: asRecord(row.config),
    maskedSecrets,
    secretsProblem,
    lastInboundAt: row.last_inbound_at,
    lastError: row.last_error,
    lastErrorAt: row.last_error_at,
  };
}

/** A readable key for the webhook URL: the name in ASCII (or the kind) and a random tail, e.g. `support-bot-3f9a1c`. */
function channelKeyFor(kind: ChannelKind, name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, 40)
    .replace(/^-+|-+$/g, '');
  return `${slug.length >= 3 ? slug : kind}-${randomBytes(3).toString('hex')}`;
}


async function requireLine(db: Database, lineId: number): Promise<void> {
  if (!(await findLine(db, lineId))) throw new AppError('NOT_FOUND', errorMessage('lines.notFound', { lineId: String(lineId) }), 'lineId');
}

async function requireChannel(db: Database, channelId: number): Promise<Channel> {
  const channel = await findChannel(db, channelId);
  if (!channel) throw channelNotFound(channelId);
  return channel;
}

function channelNotFound(channelId: number): AppError {
  return new AppError('NOT_FOUND', errorMessage('channels.notFound', { channelId: String(channelId) }), 'channelId');
}

function asRecord(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? { ...(value as Record<string, unknown>) } : {};
}

