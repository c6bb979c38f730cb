import type { ChannelKind } from '../../../domain/channels';
import { contactLabel, type ContactChanges, type LeadStatus } from '../../../domain/crm';
import { AppError } from '../../../domain/errors';
import { errorMessage } from '../../../domain/error-messages';
import { seesAllDialogs } from '../../../domain/roles';
import type { Database } from '../../../db/client';
import {
  countDialogsOfContactBefore,
  findContact,
  listContactChannels,
  setContactTagsOrUnblock,
  updateContact,
  type ContactHistoryScope,
} from '../../../db/queries/contacts';
import { dialogUpdatedEvent } from '../../../db/queries/dialogs';
import { recordDialogEvent } from '../../../db/queries/events';
import { insertLeadOnce, listLeadsOfContact, setLeadStatus, type LeadSummary } from '../../../db/queries/leads';
import { notifyLive } from '../../../db/queries/live';
import { findUserActive, findUserNames, listUsers } from '../../../db/queries/users';
import type { Actor } from './actor';
import { loadDialog } from './dialogs';

export interface ContactCard {
  id: number;
  label: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  tags: string[];
  blocked: boolean;
  createdAt: Date;
  responsible: { id: string; name: string } | null;
  /** Channels the client has written from. */
  channels: { id: number; kind: ChannelKind; name: string }[];
  /** Leads of lines the viewer may see (all for admins and directors). */
  leads: LeadSummary[];
  /** The client's dialogs before this one, on lines the viewer may see. */
  earlierDialogs: number;
  permissions: { canEdit: boolean; canSetResponsible: boolean; canUnblock: boolean };
  /** Who may be made responsible (only for callers who may set it). */
  assignableUsers: { id: string; name: string }[];
}

/**
 * The CRM card of the dialog's client for the operator (SPEC §3 CRM): who they are, who is
 * responsible for them, their leads and history. Whoever may see the dialog may see it; a manager
 * sees the client's history on the lines they serve (and this dialog's line) and their own leads,
 * not what the client did on other lines (SPEC §2).
 */
export async function getContactCard(deps: { db: Database }, actor: Actor, dialogId: number): Promise<ContactCard> {
  const { dialog, memberLineIds } = await loadDialog(deps, actor, dialogId);
  const contact = await findContact(deps.db, dialog.contact_id);
  if (!contact) throw new AppError('NOT_FOUND', errorMessage('contacts.clientGone', { dialogId: String(dialogId) }), 'dialogId');
  const canSetResponsible = seesAllDialogs(actor.role);
  const scope: ContactHistoryScope = seesAllDialogs(actor.role) ? null : { lineIds: [...memberLineIds, dialog.line_id], userId: actor.id };
  const [names, channels, leads, earlierDialogs, users] = await Promise.all([
    findUserNames(deps.db, contact.responsible_user_id ? [contact.responsible_user_id] : []),
    listContactChannels(deps.db, contact.id, scope),
    listLeadsOfContact(deps.db, contact.id, scope),
    countDialogsOfContactBefore(deps.db, contact.id, dialogId, scope),
    canSetResponsible ? listUsers(deps.db) : Promise.resolve([]),
  ]);
  return {
    id: contact.id,
    label: contactLabel(contact),
    name: contact.name,
    email: contact.email,
    phone: contact.phone,
    tags: contact.tags,
    blocked: contact.blocked,
    createdAt: contact.created_at,
    responsible: contact.responsible_user_id ? { id: contact.responsible_user_id, name: names.get(contact.responsible_user_id) ?? 'Unknown user' } : null,
    channels,
    leads,
    earlierDialogs,
    permissions: { canEdit: true, canSetResponsible, canUnblock: mayUnblock(actor, dialog) },
    assignableUsers: users.filter((u) => u.active).map((u) => ({ id: u.id, name: u.name })),
  };
}

/**
 * Staff who may see the dialog correct the client's name, e-mail and phone; admins and directors
 * also choose who is responsible for the client. Recorded in the dialog's history.
 */
export async function updateContactFromDialog(deps: { db: Database }, actor: Actor, dialogId: number, changes: ContactChanges): Promise<ContactCard> {
  const { dialog } = await loadDialog(deps, actor, dialogId);
  if (changes.responsibleUserId !== undefined) await assertMaySetResponsible(deps.db, actor, changes.responsibleUserId);
  const changed = (['name', 'email', 'phone', 'responsibleUserId'] as const).filter((field) => changes[field] !== undefined);
  if (changed.length > 0) {
    await deps.db.transaction().execute(async (trx) => {
      await updateContact(trx, dialog.contact_id, changes);
      await recordDialogEvent(trx, dialogId, 'contact_updated', actor.id, { fields: changed });
      await notifyLive(trx, await dialogUpdatedEvent(trx, dialogId));
    });
  }
  return getContactCard(deps, actor, dialogId);
}

/**
 * Staff who may see the dialog set the client's tags; its operator or a supervisor (those who may
 * mark it spam and block the client: dialogActionPermissions) unblock the client. Recorded in the
 * dialog's history like other contact edits.
 */
export async function changeContactTagsOrBlock(
  deps: { db: Database },
  actor: Actor,
  dialogId: number,
  change: { tags: string[] } | { unblock: true },
): Promise<ContactCard> {
  const { dialog } = await loadDialog(deps, actor, dialogId);
  if ('unblock' in change && !mayUnblock(actor, dialog)) {
    throw new AppError('FORBIDDEN', errorMessage('contacts.unblockForbidden'), 'dialogId');
  }
  await deps.db.transaction().execute(async (trx) => {
    await setContactTagsOrUnblock(trx, dialog.contact_id, change);
    await recordDialogEvent(trx, dialogId, 'contact_updated', actor.id, { fields: ['tags' in change ? 'tags' : 'blocked'] });
    await notifyLive(trx, await dialogUpdatedEvent(trx, dialogId));
  });
  return getContactCard(deps, actor, dialogId);
}

/**
 * A lead made by hand from the chat (when the line did not make one): at most one per dialog, on
 * the dialog's line, the creator responsible for it. Anyone who may see the dialog may.
 */
export async function createLeadFromDialog(deps: { db: Database }, actor: Actor, dialogId: number, title: string): Promise<ContactCard> {
  const { dialog } = await loadDialog(deps, actor, dialogId);
  await deps.db.transaction().execute(async (trx) => {
    const { leadId, created } = await insertLeadOnce(trx, { contactId: dialog.contact_id, dialogId, lineId: dialog.line_id, title, responsibleUserId: actor.id });
    if (!created) throw new AppError('CONFLICT', errorMessage('contacts.leadExists', { leadId: String(leadId) }), 'title');
    await recordDialogEvent(trx, dialogId, 'lead_created', actor.id, { leadId, title });
    await notifyLive(trx, await dialogUpdatedEvent(trx, dialogId));
  });
  return getContactCard(deps, actor, dialogId);
}

/** Moves one of the client's leads on: any lead the caller sees on the card (SPEC §2 contact card scope). */
export async function changeLeadStatus(deps: { db: Database }, actor: Actor, dialogId: number, leadId: number, status: LeadStatus): Promise<ContactCard> {
  const before = await getContactCard(deps, actor, dialogId);
  const lead = before.leads.find((l) => l.id === leadId);
  if (!lead) throw new AppError('NOT_FOUND', errorMessage('contacts.leadNotFound', { leadId: String(leadId) }), 'leadId');
  if (lead.status === status) return before;
  await deps.db.transaction().execute(async (trx) => {
    await setLeadStatus(trx, leadId, before.id, status);
    await recordDialogEvent(trx, dialogId, 'lead_status_changed', actor.id, { leadId, from: lead.status, to: status });
    await notifyLive(trx, await dialogUpdatedEvent(trx, dialogId));
  });
  return getContactCard(deps, actor, dialogId);
}

function mayUnblock(actor: Actor, dialog: { operator_id: string | null }): boolean {
  return seesAllDialogs(actor.role) || dialog.operator_id === actor.id;
}

async function assertMaySetResponsible(db: Database, actor: Actor, userId: string | null): Promise<void> {
  if (!seesAllDialogs(actor.role)) {
    throw new AppError('FORBIDDEN', errorMessage('contacts.responsibleForbidden'), 'responsibleUserId');
  }
  if (userId === null) return;
  if (!(await findUserActive(db, userId))?.active) throw new AppError('BAD_REQUEST', errorMessage('contacts.responsibleInactive'), 'responsibleUserId');
}
