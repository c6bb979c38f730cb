import type { StatisticsFilters, StatisticsView } from '../../../../domain/statistics';

/** The dashboard's filters as the URL keeps them (?from=&to=&line=&channel=&operator=): shareable and kept on reload. */
export interface FilterDraft {
  from: string;
  to: string;
  lineId: string;
  channelId: string;
  operatorId: string;
}

const keys: Record<keyof FilterDraft, string> = { from: 'from', to: 'to', lineId: 'line', channelId: 'channel', operatorId: 'operator' };

export function draftFromSearch(search: URLSearchParams, defaults: { from: string; to: string }): FilterDraft {
  return {
    from: search.get(keys.from) || defaults.from,
    to: search.get(keys.to) || defaults.to,
    lineId: search.get(keys.lineId) ?? '',
    channelId: search.get(keys.channelId) ?? '',
    operatorId: search.get(keys.operatorId) ?? '',
  };
}

export function searchFromDraft(draft: FilterDraft): string {
  const search = new URLSearchParams();
  for (const field of Object.keys(keys) as (keyof FilterDraft)[]) if (draft[field]) search.set(keys[field], draft[field]);
  return search.toString();
}

/** What statistics.dashboard and the CSV export take. */
export function filtersOf(draft: FilterDraft): StatisticsFilters {
  return {
    from: draft.from,
    to: draft.to,
    ...(draft.lineId ? { lineId: Number(draft.lineId) } : {}),
    ...(draft.channelId ? { channelId: Number(draft.channelId) } : {}),
    ...(draft.operatorId ? { operatorId: draft.operatorId } : {}),
  };
}

/** The CSV export of one view with the same filters. */
export function csvHref(view: StatisticsView, filters: StatisticsFilters, own: boolean): string {
  const search = new URLSearchParams({ from: filters.from, to: filters.to });
  if (own) search.set('own', '1');
  if (filters.lineId !== undefined) search.set('lineId', String(filters.lineId));
  if (filters.channelId !== undefined) search.set('channelId', String(filters.channelId));
  if (filters.operatorId !== undefined) search.set('operatorId', filters.operatorId);
  return `/api/statistics/${view}.csv?${search.toString()}`;
}
