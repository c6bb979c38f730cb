import type { InboxCounts } from './types';

export type InboxTab = 'waiting' | 'mine' | 'queue' | 'all';

/** A list of the inbox; its name and empty-state texts are `inbox.tabs.<id>` in the catalogue. */
export interface TabDefinition {
  id: InboxTab;
  count: (counts: InboxCounts) => number | null;
  supervisorsOnly?: boolean;
}

export const tabDefinitions: TabDefinition[] = [
  {
    id: 'waiting',
    count: (c) => c.waiting,
  },
  {
    id: 'mine',
    count: (c) => c.mine,
  },
  {
    id: 'queue',
    count: (c) => c.queue,
  },
  {
    id: 'all',
    count: (c) => c.allOpen,
    supervisorsOnly: true,
  },
];

export function parseTab(value: string | null, supervisor: boolean): InboxTab {
  const tab = tabDefinitions.find((t) => t.id === value);
  if (!tab || (tab.supervisorsOnly && !supervisor)) return 'waiting';
  return tab.id;
}
