'use client';

import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { History, Search, X } from 'lucide-react';
import Link from 'next/link';
import { useRouter, useSearchParams } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { Fragment, useEffect, useMemo, useState, type FormEvent } from 'react';
import { channelKindSchema } from '../../../domain/channels';
import { dialogStatusSchema, type DialogStatus } from '../../../domain/dialog';
import { activeFilterCount, historyRatings, historySorts, type HistoryRating, type HistoryFilters, type HistorySort } from '../../../domain/dialog-search';
import { errorMessage, fieldErrorsOf } from '../trpc/errors';
import { useTRPC } from '../trpc/client';
import { Alert, Badge, Button, EmptyState, Field, Input, Select, Spinner, cx } from '../ui';
import { useInboxFormat } from '../inbox/format';
import { HistoryThread } from './HistoryThread';
import styles from './history.module.css';
import { filtersFromUrl, urlFromFilters } from './url';

const PAGE_SIZE = 30;
const dateFilters = ['createdFrom', 'createdTo', 'closedFrom', 'closedTo'] as const;
const timeZone = typeof Intl === 'undefined' ? 'UTC' : Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

/** The matched words of an excerpt (between \u0002 and \u0003, see db/queries/dialog-search.ts) as <mark>. */
function Excerpt({ text }: { text: string }) {
  const [first = '', ...marked] = text.split('\u0002');
  return (
    <>
      {first}
      {marked.map((part, i) => {
        const end = part.indexOf('\u0003');
        return (
          <Fragment key={i}>
            <mark>{end === -1 ? part : part.slice(0, end)}</mark>
            {end === -1 ? '' : part.slice(end + 1)}
          </Fragment>
        );
      })}
    </>
  );
}

/** Dialog history: every dialog the user may see, filtered and searched, the filters kept in the URL. */
export function HistoryWorkspace() {
  const trpc = useTRPC();
  const router = useRouter();
  const params = useSearchParams();
  const t = useTranslations('history');
  const format = useInboxFormat();
  const ratingLabel = (rating: HistoryRating) => (/^[1-5]$/.test(rating) ? t('stars', { count: Number(rating) }) : t(`ratings.${rating as 'like'}`));
  const fromUrl = useMemo(() => filtersFromUrl(new URLSearchParams(params.toString())), [params]);
  // The form shows a change at once; the list follows when the URL (its source of truth) has it.
  const [pending, setPending] = useState<{ filters: HistoryFilters; sort: HistorySort } | null>(null);
  useEffect(() => setPending(null), [fromUrl]);
  const { filters, sort } = pending ?? fromUrl;
  const selectedParam = Number(params.get('dialog'));
  const selectedId = Number.isInteger(selectedParam) && selectedParam > 0 ? selectedParam : null;
  const [text, setText] = useState(filters.q ?? '');
  useEffect(() => setText(filters.q ?? ''), [filters.q]);

  const options = useQuery(trpc.history.filterOptions.queryOptions());
  const list = useInfiniteQuery(
    trpc.history.search.infiniteQueryOptions(
      { filters: fromUrl.filters, sort: fromUrl.sort, timeZone, limit: PAGE_SIZE },
      { getNextPageParam: (page) => page.nextCursor ?? undefined, retry: false },
    ),
  );
  const items = list.data?.pages.flatMap((page) => page.items) ?? [];
  const fieldErrors = fieldErrorsOf(list.error);
  const fieldError = (key: keyof HistoryFilters) => fieldErrors[`filters.${key}`]?.[0] ?? null;
  const otherError = list.error && Object.keys(fieldErrors).length === 0 ? errorMessage(list.error) : null;

  const go = (next: HistoryFilters, nextSort: HistorySort = sort, dialog: number | null = null) => {
    setPending({ filters: next, sort: nextSort });
    router.replace(urlFromFilters(next, nextSort, dialog), { scroll: false });
  };
  const set = <K extends keyof HistoryFilters>(key: K, value: HistoryFilters[K] | undefined) => {
    const next = { ...filters };
    if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) delete next[key];
    else next[key] = value;
    go(next);
  };
  const onSearch = (event: FormEvent) => {
    event.preventDefault();
    set('q', text.trim() || undefined);
  };
  const toggleStatus = (status: DialogStatus) => {
    const current = filters.statuses ?? [];
    set('statuses', current.includes(status) ? current.filter((s) => s !== status) : [...current, status]);
  };
  const filterCount = activeFilterCount(filters);
  const searchError = fieldError('q');
  const kindOf = (kind: string) => format.channelKind(channelKindSchema.catch('custom').parse(kind));

  return (
    <div className={styles.workspace} data-selected={selectedId !== null}>
      <section className={styles.listPane} aria-label={t('pageTitle')}>
        <div className={styles.header}>
          <h1 className={styles.title}>
            <History size={18} aria-hidden /> {t('title')}
          </h1>
          <Link href="/inbox" className={styles.backLink}>
            {t('backToInbox')}
          </Link>
        </div>
        <form role="search" className={styles.searchRow} onSubmit={onSearch}>
          <label htmlFor="history-search" className="visually-hidden">
            {t('searchLabel')}
          </label>
          <Input
            id="history-search"
            type="search"
            value={text}
            placeholder={t('searchPlaceholder')}
            onChange={(e) => setText(e.target.value)}
            aria-invalid={fieldError('q') ? true : undefined}
          />
          <Button type="submit" variant="primary" icon={<Search size={14} aria-hidden />}>
            {t('search')}
          </Button>
        </form>
        {searchError && (
          <p className={styles.fieldError} role="alert">
            {t('searchError', { error: searchError })}
          </p>
        )}

        <details className={styles.filters} open={filterCount > 0 || undefined}>
          <summary>
            {t('filters')} {filterCount > 0 && <Badge tone="accent">{filterCount}</Badge>}
          </summary>
          <fieldset className={styles.statuses}>
            <legend>{t('status')}</legend>
            {dialogStatusSchema.options.map((status) => (
              <label key={status} className={styles.check}>
                <input type="checkbox" checked={filters.statuses?.includes(status) ?? false} onChange={() => toggleStatus(status)} />
                {format.status(status)}
              </label>
            ))}
          </fieldset>
          <div className={styles.grid}>
            <Field label={t('line')} error={fieldError('lineId')}>
              {(control) => (
                <Select {...control} value={filters.lineId ?? ''} onChange={(e) => set('lineId', e.target.value ? Number(e.target.value) : undefined)}>
                  <option value="">{t('anyLine')}</option>
                  {options.data?.lines.map((line) => (
                    <option key={line.id} value={line.id}>
                      {line.name}
                    </option>
                  ))}
                </Select>
              )}
            </Field>
            <Field label={t('channel')} error={fieldError('channelKind')}>
              {(control) => (
                <Select {...control} value={filters.channelKind ?? ''} onChange={(e) => set('channelKind', channelKindSchema.safeParse(e.target.value).data)}>
                  <option value="">{t('anyChannel')}</option>
                  {channelKindSchema.options.map((kind) => (
                    <option key={kind} value={kind}>
                      {format.channelKind(kind)}
                    </option>
                  ))}
                </Select>
              )}
            </Field>
            <Field label={t('operator')} error={fieldError('operatorId')}>
              {(control) => (
                <Select {...control} value={filters.operatorId ?? ''} onChange={(e) => set('operatorId', e.target.value || undefined)}>
                  <option value="">{t('anyone')}</option>
                  {options.data?.operators.map((user) => (
                    <option key={user.id} value={user.id}>
                      {user.name}
                    </option>
                  ))}
                </Select>
              )}
            </Field>
            <Field label={t('rating')} error={fieldError('rating')}>
              {(control) => (
                <Select {...control} value={filters.rating ?? ''} onChange={(e) => set('rating', historyRatings.find((r) => r === e.target.value))}>
                  <option value="">{t('ratings.any')}</option>
                  {historyRatings.map((rating) => (
                    <option key={rating} value={rating}>
                      {ratingLabel(rating)}
                    </option>
                  ))}
                </Select>
              )}
            </Field>
            <Field label={t('missed')} error={fieldError('missed')}>
              {(control) => (
                <Select {...control} value={filters.missed === undefined ? '' : filters.missed ? 'yes' : 'no'} onChange={(e) => set('missed', e.target.value === '' ? undefined : e.target.value === 'yes')}>
                  <option value="">{t('anyMissed')}</option>
                  <option value="yes">{t('missedOnly')}</option>
                  <option value="no">{t('notMissed')}</option>
                </Select>
              )}
            </Field>
            <Field label={t('sort')}>
              {(control) => (
                <Select {...control} value={sort} onChange={(e) => go(filters, historySorts.find((s) => s === e.target.value) ?? 'newest')}>
                  {historySorts.map((s) => (
                    <option key={s} value={s}>
                      {t(`sorts.${s}`)}
                    </option>
                  ))}
                </Select>
              )}
            </Field>
            {dateFilters.map((key) => (
              <Field key={key} label={t(`dates.${key}`)} error={fieldError(key)}>
                {(control) => <Input {...control} type="date" value={filters[key] ?? ''} onChange={(e) => set(key, e.target.value || undefined)} />}
              </Field>
            ))}
          </div>
          {(filterCount > 0 || filters.q || filters.contactId) && (
            <Button size="sm" variant="ghost" icon={<X size={14} aria-hidden />} onClick={() => go({}, 'newest')}>
              {t('clearAll')}
            </Button>
          )}
        </details>
        {filters.contactId !== undefined && (
          <p className={styles.scopeNote}>
            {t('onlyClient')}{' '}
            <button type="button" className={styles.linkButton} onClick={() => set('contactId', undefined)}>
              {t('showEveryone')}
            </button>
          </p>
        )}

        <div className={styles.results} aria-busy={list.isFetching}>
          {otherError && <Alert tone="error" role="alert">{otherError}</Alert>}
          {list.isError && !otherError && <Alert tone="error" role="alert">{t('fixFilter')}</Alert>}
          {list.isPending && (
            <p className={styles.loading}>
              <Spinner size={14} /> {t('loading')}
            </p>
          )}
          {list.isSuccess && items.length === 0 && (
            <EmptyState icon={<Search size={22} />} title={t('noneTitle')} description={filters.q ? t('noneSearch') : t('noneFilters')} />
          )}
          <ul className={styles.items} aria-label={t('found')}>
            {items.map((item) => (
              <li key={item.id}>
                <button
                  type="button"
                  id={`history-item-${item.id}`}
                  className={cx(styles.item, item.id === selectedId && styles.itemSelected)}
                  aria-current={item.id === selectedId ? 'true' : undefined}
                  onClick={() => go(filters, sort, item.id)}
                >
                  <span className={styles.itemTop}>
                    <span className={styles.contact}>{item.contact.label}</span>
                    <time className={styles.when} dateTime={item.createdAt.toISOString()} title={format.dateTime(item.createdAt)}>
                      {format.listTime(sort === 'activity' ? item.updatedAt : item.createdAt)}
                    </time>
                  </span>
                  <span className={styles.meta}>
                    #{item.id} · {item.line.name} · {kindOf(item.channelKind)}
                    {item.operator ? ` · ${item.operator.name}` : ''}
                  </span>
                  {item.excerpt && (
                    <span className={styles.excerpt}>
                      <Excerpt text={item.excerpt.text} />
                    </span>
                  )}
                  <span className={styles.badges}>
                    <Badge tone={item.status === 'closed' ? 'neutral' : item.status === 'in_work' ? 'amber' : 'accent'}>{format.status(item.status)}</Badge>
                    {item.missed && <Badge tone="red">{t('missedBadge')}</Badge>}
                    {item.rating && <Badge tone="green">{t('rated', { rating: ratingLabel(historyRatings.find((r) => r === item.rating) ?? 'rated') })}</Badge>}
                  </span>
                </button>
              </li>
            ))}
          </ul>
          {list.hasNextPage && (
            <Button className={styles.more} loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
              {t('showMore')}
            </Button>
          )}
        </div>
      </section>
      <section className={styles.threadPane} aria-label={t('dialog')}>
        {selectedId ? (
          <HistoryThread dialogId={selectedId} onClose={() => go(filters, sort, null)} />
        ) : (
          <EmptyState icon={<History size={22} />} title={t('pickTitle')} description={t('pickText')} />
        )}
      </section>
    </div>
  );
}
