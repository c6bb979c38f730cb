import { randomBytes } from 'node:crypto';
import type { ConnectedChannel, ConnectionCheck } from '../../../channels/connector';
import { connectorOf } from '../../../channels/registry';
import { decryptSecrets, encryptSecrets, maskSecret } from '../../../channels/secrets';
import type { ChannelSettingsForm } from '../../../channels/settings-form';
import { settingsForms } from '../../../channels/settings-forms';
import { channelKindLabels, type ChannelKind } from '../../../domain/channels';
import { AppError } from '../../../domain/errors';
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
import { widgetEmbedSnippet } from './lines';

/**
 * Channels as the admin manages them on a line's page (SPEC §7). Settings are validated with the
 * kind's own form schema; its secret fields are stored encrypted in `channels.secrets` and leave
 * the server only masked, the rest goes to `channels.config`.
 */
export interface ChannelDeps {
  db: Database;
  /** Base URL clients and messengers reach this server at (webhook URLs). */
  publicUrl: string;
  /** OPENLINES_SECRET: channel secrets are encrypted with a key derived from it. */
  appSecret: string;
  /** Outbound HTTP for "check connection". */
  fetch?: typeof fetch;
}

export interface ChannelView {
  id: number;
  lineId: number;
  kind: ChannelKind;
  key: string;
  name: string;
  enabled: boolean;
  /** Where the messenger delivers to; null for the website widget, which the product serves itself. */
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

/** The settings a kind's form produced, split the way they are stored. */
interface StoredSettings {
  config: Record<string, unknown>;
  secrets: Record<string, string>;
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

export function channelWebhookUrl(publicUrl: string, key: string): string {
  return `${publicUrl}/api/channels/${encodeURIComponent(key)}/webhook`;
}

export async function listLineChannels(deps: ChannelDeps, lineId: number): Promise<ChannelView[]> {
  await requireLine(deps.db, lineId);
  const rows = await listChannelsOfLine(deps.db, lineId);
  return rows.map((row) => toView(deps, row));
}

export async function createChannel(
  deps: ChannelDeps,
  input: { lineId: number; kind: ChannelKind; name: string; settings: Record<string, unknown> },
): Promise<ChannelView> {
  await requireLine(deps.db, input.lineId);
  const stored = validateSettings(input.kind, input.settings, {});
  const secrets = encryptedOrNull(deps.appSecret, stored.secrets);
  // A random tail keeps keys unique without asking the admin; on the rare clash, draw again.
  for (let attempt = 0; attempt < 5; attempt++) {
    const row = await insertChannel(deps.db, { lineId: input.lineId, kind: input.kind, key: channelKeyFor(input.kind, input.name), name: input.name, config: stored.config, secrets });
    if (row) return toView(deps, row);
  }
  throw new Error('could not find a free channel key in 5 attempts');
}

/** Saves name and settings; a secret field left blank keeps the stored secret. */
export async function updateChannel(deps: ChannelDeps, input: { channelId: number; name: string; settings: Record<string, unknown> }): Promise<ChannelView> {
  const channel = await requireChannel(deps.db, input.channelId);
  const stored = validateSettings(channel.kind, input.settings, readSecrets(deps.appSecret, channel), channel.config);
  const row = await updateChannelSettings(deps.db, channel.id, { name: input.name, config: stored.config, secrets: encryptedOrNull(deps.appSecret, stored.secrets) });
  if (!row) throw channelNotFound(input.channelId);
  return toView(deps, row);
}

/** A disabled channel keeps its settings and dialogs; it takes in and sends nothing until enabled. */
export async function setEnabled(deps: ChannelDeps, input: { channelId: number; enabled: boolean }): Promise<ChannelView> {
  const row = await setChannelEnabled(deps.db, input.channelId, input.enabled);
  if (!row) throw channelNotFound(input.channelId);
  return toView(deps, row);
}

/**
 * Removes a channel that never had a dialog. Removing one with dialogs would delete their history
 * with it (messages and dialogs belong to their channel), so the admin disables it instead.
 */
export async function removeChannel(deps: Pick<ChannelDeps, 'db'>, channelId: number): Promise<{ removed: true }> {
  await requireChannel(deps.db, channelId);
  if (await deleteChannelWithoutDialogs(deps.db, channelId)) return { removed: true };
  const dialogs = await countDialogsOfChannel(deps.db, channelId);
  throw new AppError(
    'CONFLICT',
    `This channel has ${dialogs === 1 ? '1 dialog' : `${dialogs} dialogs`}; removing it would delete their history. Disable it instead.`,
    'channelId',
  );
}

/**
 * "Check connection": the connector makes a cheap authenticated call with the stored settings.
 * A failure is kept on the channel (shown with its time) until a later check succeeds.
 */
export async function checkConnection(deps: ChannelDeps, channelId: number): Promise<ConnectionCheck> {
  const channel = await requireChannel(deps.db, channelId);
  const connector = connectorOf(channel.kind);
  if (!connector) {
    return channel.kind === 'widget'
      ? { ok: true, detail: 'The website chat is served by Openlines itself: there is nothing to connect.' }
      : { ok: false, error: `${channelKindLabels[channel.kind]} channels cannot be connected yet: this version of Openlines has no ${channelKindLabels[channel.kind]} connector.` };
  }
  const result = await runCheck(deps, channel, connector.settings, (connected) => connector.checkConnection(connected, { db: deps.db, fetch: deps.fetch ?? fetch }));
  await recordChannelCheck(deps.db, channel.id, result.ok ? null : result.error);
  return result;
}

async function runCheck(
  deps: ChannelDeps,
  channel: Channel,
  form: ChannelSettingsForm,
  check: (connected: ConnectedChannel) => Promise<ConnectionCheck>,
): Promise<ConnectionCheck> {
  let connected: ConnectedChannel;
  try {
    const stored = readSecrets(deps.appSecret, channel);
    const parsed = form.schema.safeParse({ ...asRecord(channel.config), ...stored });
    if (!parsed.success) return { ok: false, error: `The stored settings are incomplete (${describeIssues(parsed.error.issues)}): edit the channel and save them again.` };
    connected = { id: channel.id, lineId: channel.line_id, key: channel.key, name: channel.name, settings: parsed.data, publicUrl: deps.publicUrl };
  } catch (error) {
    return { ok: false, error: errorText(error) };
  }
  try {
    return await check(connected);
  } catch (error) {
    // A connector that throws (network down, unexpected answer) is a failed check, not a server error.
    return { ok: false, error: errorText(error) };
  }
}

function validateSettings(kind: ChannelKind, input: Record<string, unknown>, storedSecrets: Record<string, string>, storedConfig?: unknown): StoredSettings {
  const form = settingsForms[kind];
  if (!form) {
    // The website widget works without settings; other kinds need their form to be configured.
    if (kind === 'widget') return { config: asRecord(storedConfig), secrets: {} };
    throw new AppError('BAD_REQUEST', `kind: ${channelKindLabels[kind]} channels are not available in this version of Openlines; choose another kind.`, 'kind');
  }
  const values: Record<string, unknown> = {};
  // A blank field is an unset one, so the kind's defaults apply; a blank secret keeps the stored one.
  for (const [name, value] of Object.entries(input)) {
    if (value !== '' && value !== null && value !== undefined) values[name] = value;
  }
  for (const name of form.secretFields) {
    const stored = storedSecrets[name];
    if (values[name] === undefined && stored !== undefined) values[name] = stored;
  }
  const parsed = form.schema.safeParse(values);
  if (!parsed.success) {
    throw new ChannelSettingsError(parsed.error.issues.map((issue) => ({ path: ['settings', ...issue.path.map((part) => (typeof part === 'symbol' ? String(part) : part))], message: issue.message })));
  }
  return splitSecrets(form, asRecord(parsed.data));
}

function splitSecrets(form: ChannelSettingsForm, settings: Record<string, unknown>): StoredSettings {
  const config: Record<string, unknown> = {};
  const secrets: Record<string, string> = {};
  for (const [name, value] of Object.entries(settings)) {
    if (!form.secretFields.includes(name)) config[name] = value;
    else if (value !== undefined && value !== null && value !== '') secrets[name] = String(value);
  }
  return { config, secrets };
}

function toView(deps: Pick<ChannelDeps, 'publicUrl' | 'appSecret'>, row: Channel): ChannelView {
  let maskedSecrets: Record<string, string> = {};
  let secretsProblem: string | null = null;
  try {
    maskedSecrets = Object.fromEntries(Object.entries(readSecrets(deps.appSecret, row)).map(([name, value]) => [name, maskSecret(value)]));
  } catch (error) {
    secretsProblem = errorText(error);
  }
  const isWidget = row.kind === 'widget';
  return {
    id: row.id,
    lineId: row.line_id,
    kind: row.kind,
    key: row.key,
    name: row.name,
    enabled: row.enabled,
    webhookUrl: isWidget ? null : channelWebhookUrl(deps.publicUrl, row.key),
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

function readSecrets(appSecret: string, channel: Pick<Channel, 'secrets'>): Record<string, string> {
  return channel.secrets ? decryptSecrets(appSecret, channel.secrets) : {};
}

function encryptedOrNull(appSecret: string, secrets: Record<string, string>): string | null {
  return Object.keys(secrets).length > 0 ? encryptSecrets(appSecret, secrets) : null;
}

async function requireLine(db: Database, lineId: number): Promise<void> {
  if (!(await findLine(db, lineId))) throw new AppError('NOT_FOUND', `Line #${lineId} does not exist.`, 'lineId');
}

async function requireChannel(db: Database, channelId: number): Promise<Channel> {
  const channel = await findChannel(db, channelId);
  if (!channel) throw channelNotFound(channelId);
  return channel;
}

function channelNotFound(channelId: number): AppError {
  return new AppError('NOT_FOUND', `Channel #${channelId} does not exist (removed meanwhile?); reload the page.`, 'channelId');
}

function asRecord(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? { ...(value as Record<string, unknown>) } : {};
}

function describeIssues(issues: readonly { path: readonly PropertyKey[]; message: string }[]): string {
  return issues.map((issue) => `${issue.path.map(String).join('.')}: ${issue.message}`).join('; ');
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
