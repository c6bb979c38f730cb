import { dialogStatusSchema } from '../../../domain/dialog';
import { historyFiltersSchema, historySorts, type HistoryFilters, type HistorySort } from '../../../domain/dialog-search';

/** The history's filters as URL parameters, so a view can be shared and reloaded. */
export function filtersFromUrl(params: URLSearchParams): { filters: HistoryFilters; sort: HistorySort } {
  const raw: Record<string, unknown> = {};
  const text = (key: string) => params.get(key) ?? undefined;
  const int = (key: string) => (params.get(key) && Number.isInteger(Number(params.get(key))) ? Number(params.get(key)) : undefined);
  raw.q = text('q');
  const statuses = params.getAll('status').filter((s) => dialogStatusSchema.safeParse(s).success);
  if (statuses.length) raw.statuses = statuses;
  raw.lineId = int('line');
  raw.channelKind = text('channel');
  raw.operatorId = text('operator');
  raw.createdFrom = text('createdFrom');
  raw.createdTo = text('createdTo');
  raw.closedFrom = text('closedFrom');
  raw.closedTo = text('closedTo');
  raw.rating = text('rating');
  raw.missed = params.get('missed') === 'yes' ? true : params.get('missed') === 'no' ? false : undefined;
  raw.contactId = int('contact');
  // The URL is sent as typed; the server names a bad field. Unknown values of closed lists are dropped here.
  const filters = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined && v !== '')) as HistoryFilters;
  const sortParam = params.get('sort');
  const sort = (historySorts as readonly string[]).includes(sortParam ?? '') ? (sortParam as HistorySort) : 'newest';
  return { filters, sort };
}

export function urlFromFilters(filters: HistoryFilters, sort: HistorySort, dialog: number | null): string {
  const search = new URLSearchParams();
  if (filters.q) search.set('q', filters.q);
  for (const status of filters.statuses ?? []) search.append('status', status);
  if (filters.lineId !== undefined) search.set('line', String(filters.lineId));
  if (filters.channelKind) search.set('channel', filters.channelKind);
  if (filters.operatorId) search.set('operator', filters.operatorId);
  if (filters.createdFrom) search.set('createdFrom', filters.createdFrom);
  if (filters.createdTo) search.set('createdTo', filters.createdTo);
  if (filters.closedFrom) search.set('closedFrom', filters.closedFrom);
  if (filters.closedTo) search.set('closedTo', filters.closedTo);
  if (filters.rating) search.set('rating', filters.rating);
  if (filters.missed !== undefined) search.set('missed', filters.missed ? 'yes' : 'no');
  if (filters.contactId !== undefined) search.set('contact', String(filters.contactId));
  if (sort !== 'newest') search.set('sort', sort);
  if (dialog) search.set('dialog', String(dialog));
  return search.size ? `/inbox/history?${search}` : '/inbox/history';
}

/** Whether the filters would pass the server's schema (the form shows the server's message otherwise). */
export function filtersAreValid(filters: HistoryFilters): boolean {
  return historyFiltersSchema.safeParse(filters).success;
}
