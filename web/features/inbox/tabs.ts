import type { InboxCounts } from './types';

export type InboxTab = 'waiting' | 'mine' | 'queue' | 'all';

export interface TabDefinition {
  id: InboxTab;
  label: string;
  count: (counts: InboxCounts) => number | null;
  empty: { title: string; description: string };
  supervisorsOnly?: boolean;
}

export const tabDefinitions: TabDefinition[] = [
  {
    id: 'waiting',
    label: 'Waiting for my answer',
    count: (c) => c.waiting,
    empty: { title: 'Nothing waits for your answer', description: 'When a client writes in one of your dialogs, it shows up here.' },
  },
  {
    id: 'mine',
    label: 'Mine',
    count: (c) => c.mine,
    empty: { title: 'No open dialogs', description: 'Dialogs you take or answer stay here until they are closed.' },
  },
  {
    id: 'queue',
    label: 'Line queue',
    count: (c) => c.queue,
    empty: { title: 'The queue is empty', description: 'New dialogs of your lines wait here until an operator takes them.' },
  },
  {
    id: 'all',
    label: 'All',
    count: (c) => c.allOpen,
    supervisorsOnly: true,
    empty: { title: 'No dialogs yet', description: 'Dialogs of every line appear here as soon as clients write.' },
  },
];

export function parseTab(value: string | null, supervisor: boolean): InboxTab {
  const tab = tabDefinitions.find((t) => t.id === value);
  if (!tab || (tab.supervisorsOnly && !supervisor)) return 'waiting';
  return tab.id;
}
