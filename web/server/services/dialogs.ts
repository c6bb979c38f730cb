import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/common';
import { dialogWorkflowId, type AuthorKind, type CloseReason, type DialogStatus } from '../../../domain/dialog';
import { messageExtrasSchema } from '../../../domain/channels';
import { contactLabel } from '../../../domain/crm';
import { filePath } from '../../../domain/files';
import { AppError } from '../../../domain/errors';
import { errorMessage } from '../../../domain/error-messages';
import { acceptUpdate, closeUpdate, operatorReplyKey, replyUpdate, skipUpdate } from '../../../domain/messages';
import type { Database } from '../../../db/client';
import { DEFAULT_LOCALE, type Locale } from '../../../domain/locale';
import { translateServerText } from '../error-messages';
import { listDialogEvents, recordDialogEvent } from '../../../db/queries/events';
import { notifyLive } from '../../../db/queries/live';
import { findMessageByIdempotencyKey, insertOutgoingMessage, listDialogMessages } from '../../../db/queries/messages';
import { findDialogDetails } from '../../../db/queries/dialog-details';
import type { Actor } from './actor';
import { auditDialogAction, type AuditDeps } from './audit';
import {
  canAnswerDialog,
  canCloseDialog,
  canSeeDialog,
  canTakeDialog,
  dialogActionPermissions,
  replyBlockedReason,
  type DialogActionPermissions,
  type DialogFacts,
} from '../../../domain/dialog-lifecycle/access';
import { openRefusal } from '../../../domain/dialog-lifecycle/preconditions';
import { messageCreatedEvent } from '../../../domain/live-events';
import { replyWindowClosedMessage } from '../../../domain/reply-window';
import { replyWindowOfDialog, type ReplyWindowView } from './reply-window';
import { namesInEvents } from './dialog-event-names';
import { attachmentsForReply } from './reply-attachments';
import { runDialogUpdate, type UpdateOutcomeCheck } from './workflow-updates';
import { handOverPendingMessages } from '../../../worker/inbound-outbox';

export interface DialogDeps extends AuditDeps {
  db: Database;
  temporal: Client;
  /** The dialog workflows' task queue: a workflow not started yet is started there (handOverPendingMessages). */
  taskQueue: string;
  /** How long an action waits for the dialog workflow before the operator is told what is true (workflow-updates.ts). */
  updateTimeoutMs?: number;
  /** The language the user reads (the tRPC context's); English when not given. */
  locale?: Locale;
}

export interface DialogView {
  id: number;
  status: DialogStatus;
  closeReason: CloseReason | null;
  missed: boolean;
  rating: string | null;
  createdAt: Date;
  updatedAt: Date;
  closedAt: Date | null;
  line: { id: number; name: string };
  channel: { id: number; kind: string; name: string };
  contact: { id: number; label: string; name: string | null; email: string | null; phone: string | null };
  operator: { id: string; name: string } | null;
  offeredTo: { id: string; name: string }[];
  offeredToMe: boolean;
  /** Pinned: stays with its operator whatever their availability. */
  pinned: boolean;
  /** Colleagues invited into the dialog. */
  participants: { id: string; name: string }[];
  supervisorRating: { rating: number; comment: string | null; byName: string | null; at: Date } | null;
  messages: {
    id: number;
    authorKind: AuthorKind;
    authorName: string | null;
    text: string;
    hidden: boolean;
    deliveryStatus: 'stored' | 'delivered' | 'failed';
    /** Why the channel refused the message for good (shown with "Not delivered"). */
    deliveryError: string | null;
    attachments: MessageFile[];
    createdAt: Date;
  }[];
  /**
   * `subjectName`: the operator an event is about (offered to, offer expired for), when there is one;
   * `names`: the users and lines the event's data refers to, by data key (`toOperatorId` → "Boris").
   */
  events: {
    id: number;
    kind: string;
    actorName: string | null;
    subjectName: string | null;
    names: Record<string, string>;
    data: Record<string, unknown>;
    createdAt: Date;
  }[];
  permissions: { canTake: boolean; canSkip: boolean; canReply: boolean; canClose: boolean; canSendTemplate: boolean; replyBlockedReason: string | null } & DialogActionPermissions;
  /** SPEC §5 messenger rules: null on channels without a reply window. */
  replyWindow: ReplyWindowView | null;
}

/** A file of a message as staff open it: stored files by their session-checked path, a flow's outside links as they are. */
export interface MessageFile {
  name: string;
  url: string;
  mimeType: string | null;
  size: number | null;
}

function messageFiles(extras: unknown): MessageFile[] {
  const attachments = messageExtrasSchema.safeParse(extras).data?.attachments ?? [];
  return attachments.map((file) => ({
    name: file.name,
    url: file.fileId === undefined ? file.url : filePath(file.fileId),
    mimeType: file.mimeType ?? null,
    size: file.size ?? null,
  }));
}

/** How a client is named in the inbox (a CRM rule, shared with lead titles). */
export { contactLabel };

/** The dialog with what permissions depend on; refused unless the caller may see it. */
export async function loadDialog(deps: Pick<DialogDeps, 'db'>, actor: Actor, dialogId: number) {
  const dialog = await findDialogDetails(deps.db, dialogId, actor.id);
  if (!dialog) throw new AppError('NOT_FOUND', errorMessage('dialog.notFound', { dialogId: String(dialogId) }), 'dialogId');
  const { offers, participants, member_line_ids: memberLineIds } = dialog;
  const facts: DialogFacts = {
    lineId: dialog.line_id,
    operatorId: dialog.operator_id,
    status: dialog.status,
    offeredTo: offers.map((o) => o.user_id),
    participants: participants.map((p) => p.user_id),
  };
  const memberOfLine = memberLineIds.includes(dialog.line_id);
  if (!canSeeDialog(actor, facts, memberOfLine)) {
    throw new AppError('FORBIDDEN', errorMessage('dialog.notYours', { dialogId: String(dialogId) }), 'dialogId');
  }
  return { dialog, offers, participants, facts, memberOfLine, memberLineIds };
}

export async function getDialogView(deps: DialogDeps, actor: Actor, dialogId: number): Promise<DialogView> {
  const { dialog, offers, participants, facts, memberOfLine } = await loadDialog(deps, actor, dialogId);
  const [messages, events] = await Promise.all([
    // Everyone in the web app is staff: hidden notes are shown (marked) to them.
    listDialogMessages(deps.db, dialogId, { includeHidden: true }),
    listDialogEvents(deps.db, dialogId),
  ]);
  const eventNames = await namesInEvents(deps.db, events);
  const offeredToMe = facts.offeredTo.includes(actor.id);
  const open = openRefusal(facts) === null;
  const replyWindow = replyWindowOfDialog(dialog);
  const windowClosed = replyWindow?.state === 'closed';
  const answerable = open && canAnswerDialog(actor, facts, memberOfLine);
  const staffReason = replyBlockedReason(actor, { ...facts, operatorName: dialog.operator_name }, offers.map((o) => o.name));
  const blockedReason = staffReason ?? (windowClosed ? replyWindowClosedMessage(dialog.channel_kind) : null);
  return {
    id: dialog.id,
    status: dialog.status,
    closeReason: dialog.close_reason,
    missed: dialog.missed,
    rating: dialog.rating,
    createdAt: dialog.created_at,
    updatedAt: dialog.updated_at,
    closedAt: dialog.closed_at,
    line: { id: dialog.line_id, name: dialog.line_name },
    channel: { id: dialog.channel_id, kind: dialog.channel_kind, name: dialog.channel_name },
    contact: {
      id: dialog.contact_id,
      label: contactLabel({ id: dialog.contact_id, name: dialog.contact_name, email: dialog.contact_email, phone: dialog.contact_phone }),
      name: dialog.contact_name,
      email: dialog.contact_email,
      phone: dialog.contact_phone,
    },
    operator: dialog.operator_id ? { id: dialog.operator_id, name: dialog.operator_name ?? 'Unknown user' } : null,
    offeredTo: offers.map((o) => ({ id: o.user_id, name: o.name })),
    offeredToMe,
    pinned: dialog.pinned,
    participants: participants.map((p) => ({ id: p.user_id, name: p.name })),
    supervisorRating:
      dialog.supervisor_rating !== null && dialog.supervisor_rated_at !== null
        ? { rating: dialog.supervisor_rating, comment: dialog.supervisor_comment, byName: dialog.supervisor_name, at: dialog.supervisor_rated_at }
        : null,
    messages: messages.map((m) => ({
      id: m.id,
      authorKind: m.author_kind,
      authorName: m.author_name,
      text: m.text,
      hidden: m.hidden,
      deliveryStatus: m.delivery_status,
      deliveryError: m.delivery_error,
      attachments: messageFiles(m.extras),
      createdAt: m.created_at,
    })),
    events: events.map((e, i) => {
      const names = eventNames[i] ?? {};
      return { id: e.id, kind: e.kind, actorName: e.actor_name, subjectName: names.operatorId ?? null, names, data: e.data, createdAt: e.created_at };
    }),
    permissions: {
      canTake: canTakeDialog(actor, facts),
      canSkip: canTakeDialog(actor, facts),
      canReply: answerable && blockedReason === null,
      // The template goes out where a reply could, but for the closed window.
      canSendTemplate: answerable && staffReason === null && windowClosed && replyWindow.template !== null,
      canClose: open && canCloseDialog(actor, facts),
      replyBlockedReason: blockedReason && translateServerText(blockedReason, deps.locale ?? DEFAULT_LOCALE),
      ...dialogActionPermissions(actor, facts),
    },
    replyWindow,
  };
}

export function dialogHandle(deps: Pick<DialogDeps, 'temporal'>, dialogId: number) {
  return deps.temporal.workflow.getHandle(dialogWorkflowId(dialogId));
}

/** Refuses (409) with the lifecycle's message what the stored dialog's state does not allow. */
export function refuseIf(refusal: string | null): void {
  if (refusal !== null) throw new AppError('CONFLICT', refusal);
}

/**
 * Runs an update on the dialog's workflow; when its answer does not come back in time, the
 * operator is told what `check` finds true in the database instead of "try again".
 */
export function updateDialog<T>(deps: DialogDeps, dialogId: number, update: (handle: ReturnType<typeof dialogHandle>) => Promise<T>, check: UpdateOutcomeCheck): Promise<T> {
  const handle = dialogHandle(deps, dialogId);
  const updateStarted = async () => {
    try {
      return await update(handle);
    } catch (error) {
      if (!(error instanceof WorkflowNotFoundError)) throw error;
      // A new dialog is offered while its first message is still being handed over (by this request,
      // or by the client's, which may have finished meanwhile): once it is, act again. A finished
      // dialog is not found again, and is answered so.
      await handOverPendingMessages(deps, dialogId);
      return update(handle);
    }
  };
  return runDialogUpdate(dialogId, updateStarted, { deadline: deps, check });
}

/** The dialog as stored now, for the checks after an unconfirmed update. */
export async function storedDialog(deps: Pick<DialogDeps, 'db'>, dialogId: number) {
  const dialog = await findDialogDetails(deps.db, dialogId);
  return { dialog, offeredTo: dialog?.offers.map((o) => o.user_id) ?? [], participants: dialog?.participants.map((p) => p.user_id) ?? [] };
}

/** "Take": the operator the dialog is offered to accepts it. */
export async function takeDialog(deps: DialogDeps, actor: Actor, dialogId: number): Promise<void> {
  const { facts } = await loadDialog(deps, actor, dialogId);
  refuseIf(openRefusal(facts));
  await updateDialog(deps, dialogId, (handle) => handle.executeUpdate(acceptUpdate, { args: [{ operatorId: actor.id }] }), {
    what: errorMessage('dialog.action.take'),
    applied: async () => (await storedDialog(deps, dialogId)).dialog?.operator_id === actor.id,
  });
  await auditDialogAction(deps, actor, { dialogId, action: 'dialog.taken', before: { lineId: facts.lineId, operatorId: facts.operatorId, status: facts.status } });
}

/** "Skip": the offered operator declines at once; the dialog moves on to the next operator. */
export async function skipDialog(deps: DialogDeps, actor: Actor, dialogId: number): Promise<void> {
  const { facts } = await loadDialog(deps, actor, dialogId);
  refuseIf(openRefusal(facts));
  await updateDialog(deps, dialogId, (handle) => handle.executeUpdate(skipUpdate, { args: [{ operatorId: actor.id }] }), {
    what: errorMessage('dialog.action.skip'),
    applied: async () => !(await storedDialog(deps, dialogId)).offeredTo.includes(actor.id),
  });
}

/** An open dialog the caller may answer (or accept by answering); refused otherwise. */
export async function loadAnswerableDialog(deps: Pick<DialogDeps, 'db'>, actor: Actor, dialogId: number) {
  const loaded = await loadDialog(deps, actor, dialogId);
  refuseIf(openRefusal(loaded.facts));
  if (!canAnswerDialog(actor, loaded.facts, loaded.memberOfLine)) {
    throw new AppError('FORBIDDEN', errorMessage('dialog.anotherOperators', { dialogId: String(dialogId) }), 'dialogId');
  }
  return loaded;
}

/** An operator's answer to the client (answering an offered dialog also accepts it). */
export async function replyToDialog(
  deps: DialogDeps,
  actor: Actor,
  input: { dialogId: number; text: string; clientMessageId?: string; fileIds?: readonly number[] },
): Promise<{ messageId: number }> {
  const { dialog } = await loadAnswerableDialog(deps, actor, input.dialogId);
  // SPEC §5: outside the channel's reply window the client cannot be written to; the text stays in the box.
  if (replyWindowOfDialog(dialog)?.state === 'closed') throw new AppError('CONFLICT', replyWindowClosedMessage(dialog.channel_kind), 'text');
  const attachments = input.fileIds?.length ? await attachmentsForReply(deps.db, input.dialogId, input.fileIds) : undefined;
  return sendOperatorReply(deps, actor, { ...input, attachments });
}

/**
 * "Send template" in a closed reply window (WhatsApp): an operator message naming the channel's
 * approved template, which the connector sends in its place (channels/whatsapp/send.ts), so the
 * client is invited to write again and the window reopens when they do.
 */
export async function sendReplyWindowTemplate(deps: DialogDeps, actor: Actor, input: { dialogId: number; clientMessageId?: string }): Promise<{ messageId: number }> {
  const { dialog } = await loadAnswerableDialog(deps, actor, input.dialogId);
  const window = replyWindowOfDialog(dialog);
  if (window?.state !== 'closed') throw new AppError('CONFLICT', errorMessage('dialog.replyWindowOpen'), 'dialogId');
  if (!window.template) {
    throw new AppError('CONFLICT', errorMessage('dialog.noTemplate', { channel: dialog.channel_name }), 'dialogId');
  }
  const text = `Template message "${window.template.name}" (${window.template.language}), sent because the reply window was closed.`;
  return sendOperatorReply(deps, actor, { dialogId: input.dialogId, text, clientMessageId: input.clientMessageId });
}

/**
 * The browser names the reply (`clientMessageId`); sending it again — after a timeout, a lost
 * connection — is the same update and the same stored message, so the client gets it once.
 */
async function sendOperatorReply(
  deps: DialogDeps,
  actor: Actor,
  input: { dialogId: number; text: string; clientMessageId?: string; attachments?: Awaited<ReturnType<typeof attachmentsForReply>> },
): Promise<{ messageId: number }> {
  const { attachments } = input;
  const clientMessageId = input.clientMessageId ?? randomUUID();
  const key = operatorReplyKey(input.dialogId, clientMessageId);
  return updateDialog(
    deps,
    input.dialogId,
    (handle) =>
      handle.executeUpdate(replyUpdate, { args: [{ operatorId: actor.id, text: input.text, clientMessageId, ...(attachments ? { attachments } : {}) }], updateId: key }),
    {
      what: errorMessage('dialog.action.reply'),
      applied: async () => (await findMessageByIdempotencyKey(deps.db, key)) !== undefined,
      again: errorMessage('dialog.sendAgainSafe'),
    },
  );
}

export async function closeDialog(deps: DialogDeps, actor: Actor, dialogId: number): Promise<void> {
  const { facts } = await loadDialog(deps, actor, dialogId);
  refuseIf(openRefusal(facts));
  if (!canCloseDialog(actor, facts)) {
    throw new AppError('FORBIDDEN', errorMessage('dialog.closeForbidden', { dialogId: String(dialogId) }), 'dialogId');
  }
  await updateDialog(deps, dialogId, (handle) => handle.executeUpdate(closeUpdate, { args: [{ userId: actor.id }] }), {
    what: errorMessage('dialog.action.close'),
    applied: async () => (await storedDialog(deps, dialogId)).dialog?.status === 'closed',
  });
  await auditDialogAction(deps, actor, { dialogId, action: 'dialog.closed', before: { lineId: facts.lineId, operatorId: facts.operatorId, status: facts.status } });
}

/**
 * An internal note (SPEC §1, §5): a hidden message only staff see, never sent to the client.
 * Anyone who may see the dialog may add one, closed dialogs included (follow-up). It changes
 * nothing the dialog workflow decides (not who wrote last, not what the client sees), so it is
 * written here directly: message, audit event and live event in one transaction.
 */
export async function addDialogNote(deps: DialogDeps, actor: Actor, input: { dialogId: number; text: string }): Promise<{ messageId: number }> {
  const { dialog } = await loadDialog(deps, actor, input.dialogId);
  return deps.db.transaction().execute(async (trx) => {
    const messageId = await insertOutgoingMessage(trx, {
      dialogId: dialog.id,
      channelId: dialog.channel_id,
      authorKind: 'operator',
      authorUserId: actor.id,
      text: input.text,
      hidden: true,
    });
    await recordDialogEvent(trx, dialog.id, 'note_added', actor.id, { messageId });
    await notifyLive(trx, messageCreatedEvent({ id: dialog.id, lineId: dialog.line_id, contactId: dialog.contact_id }, { id: messageId, authorKind: 'operator', hidden: true, createdAt: new Date() }));
    return { messageId };
  });
}
