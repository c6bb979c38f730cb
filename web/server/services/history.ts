import { dialogSight } from '../../../domain/dialog-lifecycle/access';
import { contactLabel } from '../../../domain/crm';
import type { HistoryFilters, HistorySort } from '../../../domain/dialog-search';
import type { Database } from '../../../db/client';
import { searchDialogs } from '../../../db/queries/dialog-search';
import { lineIdsOfMember, listLineNames } from '../../../db/queries/lines';
import { listUsers } from '../../../db/queries/users';
import { seesAllDialogs } from '../../../domain/roles';
import type { Actor } from './actor';

export interface HistoryItem {
  id: number;
  status: 'bot' | 'queued' | 'offered' | 'in_work' | 'waiting_client' | 'closed';
  line: { id: number; name: string };
  channelKind: string;
  contact: { id: number; label: string };
  operator: { id: string; name: string } | null;
  rating: string | null;
  missed: boolean;
  createdAt: Date;
  updatedAt: Date;
  closedAt: Date | null;
  excerpt: { text: string; authorKind: 'client' | 'operator' | 'bot' | 'system'; at: Date } | null;
}

/**
 * The dialog history (issue 11): what the caller may see by the dialog access rule — every dialog
 * for admins and directors; for a manager their own (closed ones too), those they were invited
 * into or offered, and the unassigned ones of their lines — filtered, searched and keyset-paged.
 */
export async function searchHistory(
  deps: { db: Database },
  actor: Actor,
  input: { filters: HistoryFilters; timeZone: string; sort: HistorySort; cursor: string | null; limit: number },
): Promise<{ items: HistoryItem[]; nextCursor: string | null }> {
  const page = await searchDialogs(deps.db, { viewerId: actor.id, sight: dialogSight(actor), ...input });
  return {
    nextCursor: page.nextCursor,
    items: page.items.map((row) => ({
      id: row.id,
      status: row.status,
      line: { id: row.lineId, name: row.lineName },
      channelKind: row.channelKind,
      contact: { id: row.contactId, label: contactLabel({ id: row.contactId, name: row.contactName, email: row.contactEmail, phone: row.contactPhone }) },
      operator: row.operatorId ? { id: row.operatorId, name: row.operatorName ?? 'Unknown user' } : null,
      rating: row.rating,
      missed: row.missed,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
      closedAt: row.closedAt,
      excerpt: row.excerpt ? { text: row.excerpt.text, authorKind: row.excerpt.authorKind, at: row.excerpt.createdAt } : null,
    })),
  };
}

/** What the filter menus offer: the lines the caller works on (every line for supervisors) and the staff by name. */
export async function historyFilterOptions(deps: { db: Database }, actor: Actor): Promise<{ lines: { id: number; name: string }[]; operators: { id: string; name: string }[] }> {
  const [lines, memberLineIds, users] = await Promise.all([listLineNames(deps.db), lineIdsOfMember(deps.db, actor.id), listUsers(deps.db)]);
  return {
    lines: seesAllDialogs(actor.role) ? lines : lines.filter((line) => memberLineIds.includes(line.id)),
    operators: users.map((u) => ({ id: u.id, name: u.name })),
  };
}
