import type { Client } from '@temporalio/client';
import type { ChannelKind } from '../../../domain/channels';
import { AppError } from '../../../domain/errors';
import { errorMessage } from '../../../domain/error-messages';
import { defaultLineSettings, type LineSettings } from '../../../domain/line-settings';
import { DEFAULT_LOCALE } from '../../../domain/locale';
import type { Role } from '../../../domain/roles';
import type { Database } from '../../../db/client';
import { listChannelsOfAllLines, listChannelsOfLine } from '../../../db/queries/channels';
import { findLine, insertLine, listLines, listQueue, lockLine, replaceQueue, updateLine } from '../../../db/queries/lines';
import { findExistingUserIds, findUserProfile } from '../../../db/queries/users';
import type { Actor } from './actor';
import { audit, type AuditDeps } from './audit';
import { checkLineFlows } from './line-flows';
import { dispatchWaitingDialogs } from './routing-wake';

export interface LineDeps {
  db: Database;
  temporal: Client;
  publicUrl: string;
}

export interface LineChannel {
  id: number;
  kind: ChannelKind;
  key: string;
  name: string;
}

export interface LineSummary {
  id: number;
  name: string;
  queueSize: number;
  channels: LineChannel[];
  createdAt: Date;
}

export interface LineDetails {
  id: number;
  name: string;
  settings: LineSettings;
  /** Closed dialogs older than this many days are deleted daily; null: kept forever. */
  retentionDays: number | null;
  queue: { userId: string; name: string; email: string; role: Role; active: boolean }[];
  channels: (LineChannel & { widgetUrl: string | null; embedSnippet: string | null })[];
  updatedAt: Date;
}

export async function listLinesForAdmin(deps: Pick<LineDeps, 'db'>): Promise<LineSummary[]> {
  const [lines, channels] = await Promise.all([listLines(deps.db), listChannelsOfAllLines(deps.db)]);
  return lines.map((line) => ({
    id: line.id,
    name: line.name,
    queueSize: line.queue_size ?? 0,
    createdAt: line.created_at,
    channels: channels.filter((c) => c.line_id === line.id).map((c) => ({ id: c.id, kind: c.kind, key: c.key, name: c.name })),
  }));
}

export async function getLineForAdmin(deps: Pick<LineDeps, 'db' | 'publicUrl'>, lineId: number): Promise<LineDetails> {
  const line = await findLine(deps.db, lineId);
  if (!line) throw new AppError('NOT_FOUND', errorMessage('lines.notFound', { lineId: String(lineId) }), 'lineId');
  const [queue, channels] = await Promise.all([listQueue(deps.db, lineId), listChannelsOfLine(deps.db, lineId)]);
  return {
    id: line.id,
    name: line.name,
    settings: line.settings,
    retentionDays: line.retention_days,
    updatedAt: line.updated_at,
    queue: queue.map((m) => ({ userId: m.user_id, name: m.name, email: m.email, role: m.role, active: m.active })),
    channels: channels.map((c) => ({
      id: c.id,
      kind: c.kind,
      key: c.key,
      name: c.name,
      widgetUrl: c.kind === 'widget' ? `${deps.publicUrl}/widget/${encodeURIComponent(c.key)}` : null,
      embedSnippet: c.kind === 'widget' ? widgetEmbedSnippet(deps.publicUrl, c.key) : null,
    })),
  };
}

export function widgetEmbedSnippet(publicUrl: string, channelKey: string): string {
  return `<script src="${publicUrl}/widget.js" data-channel="${channelKey}" async></script>`;
}

/** A new line with the default settings, its client-facing texts in the creating admin's language. */
export async function createLine(deps: Pick<LineDeps, 'db'> & AuditDeps, actor: Actor, input: { name: string }): Promise<{ id: number }> {
  const admin = await findUserProfile(deps.db, actor.id);
  return deps.db.transaction().execute(async (trx) => {
    const settings = defaultLineSettings(admin?.locale ?? DEFAULT_LOCALE);
    const id = await insertLine(trx, input.name, settings);
    await audit(trx, deps, actor, { action: 'line.created', subject: { type: 'line', id }, after: { name: input.name, settings } });
    return { id };
  });
}

/**
 * Saves a line's name, settings, queue and retention (left as it is when not given) together. Then the line's dispatcher runs: a limit
 * raised or switched off, another mode, availability no longer checked or a newly added operator
 * gets the waiting dialogs offered at once.
 */
export async function updateLineSettings(
  deps: LineDeps & AuditDeps,
  actor: Actor,
  input: { lineId: number; name: string; settings: LineSettings; queue: string[]; retentionDays?: number | null },
): Promise<{ queueChanged: boolean }> {
  const queueChanged = await deps.db.transaction().execute(async (trx) => {
    if (!(await lockLine(trx, input.lineId))) throw new AppError('NOT_FOUND', errorMessage('lines.notFound', { lineId: String(input.lineId) }), 'lineId');
    await checkLineFlows(trx, input.settings);
    const existing = await findExistingUserIds(trx, input.queue);
    const unknown = input.queue.filter((id) => !existing.has(id));
    if (unknown.length > 0) {
      throw new AppError('BAD_REQUEST', errorMessage('lines.queueUsersMissing', { count: unknown.length }), 'queue');
    }
    const before = (await listQueue(trx, input.lineId)).map((m) => m.user_id);
    const old = await findLine(trx, input.lineId);
    await updateLine(trx, input.lineId, input.name, input.settings, input.retentionDays);
    const retentionDays = input.retentionDays === undefined ? (old?.retention_days ?? null) : input.retentionDays;
    const changed = before.length !== input.queue.length || before.some((id, i) => id !== input.queue[i]);
    if (changed) await replaceQueue(trx, input.lineId, input.queue);
    await audit(trx, deps, actor, {
      action: 'line.updated',
      subject: { type: 'line', id: input.lineId },
      before: { name: old?.name, settings: old?.settings, queue: before, retentionDays: old?.retention_days ?? null },
      after: { name: input.name, settings: input.settings, queue: input.queue, retentionDays },
    });
    return changed;
  });
  await dispatchWaitingDialogs(deps, [input.lineId]);
  return { queueChanged };
}
