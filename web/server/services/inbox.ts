import { AppError } from '../../../domain/errors';
import { errorMessage } from '../../../domain/error-messages';
import { seesAllDialogs } from '../../../domain/roles';
import type { Database } from '../../../db/client';
import { countInbox, listInboxPage, type InboxCounts, type InboxTab } from '../../../db/queries/inbox';
import type { Actor } from './actor';
import { contactLabel } from './dialogs';

export interface InboxItem {
  id: number;
  status: InboxRowStatus;
  line: { id: number; name: string };
  channelKind: string;
  contact: { id: number; label: string };
  operator: { id: string; name: string } | null;
  priority: number;
  /** The latest message people wrote (`byMe`: the caller wrote it). */
  preview: { text: string; authorKind: 'client' | 'operator' | 'bot' | 'system'; byMe: boolean; hidden: boolean; at: Date } | null;
  createdAt: Date;
  updatedAt: Date;
  offeredToMe: boolean;
}
type InboxRowStatus = 'bot' | 'queued' | 'offered' | 'in_work' | 'waiting_client' | 'closed';

const PREVIEW_LENGTH = 140;

export async function listInbox(
  deps: { db: Database },
  actor: Actor,
  input: { tab: InboxTab; cursor: string | null; limit: number },
): Promise<{ items: InboxItem[]; nextCursor: string | null }> {
  if (input.tab === 'all' && !seesAllDialogs(actor.role)) {
    throw new AppError('FORBIDDEN', errorMessage('inbox.allForbidden'), 'tab');
  }
  const page = await listInboxPage(deps.db, { userId: actor.id, tab: input.tab, cursor: input.cursor, limit: input.limit });
  return {
    nextCursor: page.nextCursor,
    items: page.items.map((row) => ({
      id: row.id,
      status: row.status,
      line: { id: row.lineId, name: row.lineName },
      channelKind: row.channelKind,
      contact: { id: row.contactId, label: contactLabel({ id: row.contactId, name: row.contactName, email: row.contactEmail }) },
      operator: row.operatorId ? { id: row.operatorId, name: row.operatorName ?? 'Unknown user' } : null,
      priority: row.priority,
      preview: row.lastMessage
        ? {
            text: row.lastMessage.text.length > PREVIEW_LENGTH ? `${row.lastMessage.text.slice(0, PREVIEW_LENGTH - 1)}…` : row.lastMessage.text,
            authorKind: row.lastMessage.authorKind,
            byMe: row.lastMessage.authorUserId === actor.id,
            hidden: row.lastMessage.hidden,
            at: row.lastMessage.createdAt,
          }
        : null,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
      offeredToMe: row.offeredToMe,
    })),
  };
}

export async function getInboxCounts(deps: { db: Database }, actor: Actor): Promise<Omit<InboxCounts, 'allOpen'> & { allOpen: number | null }> {
  const counts = await countInbox(deps.db, actor.id);
  return { ...counts, allOpen: seesAllDialogs(actor.role) ? counts.allOpen : null };
}
