'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { useTRPC } from '../trpc/client';
import { errorMessage } from '../trpc/errors';
import { Skeleton } from '../ui';
import { useInboxFormat } from '../inbox/format';
import styles from './history.module.css';
import { urlFromFilters } from './url';

const SHOWN = 5;

/** The client's other dialogs the viewer may open (the history's access rule), each opening read-only in the history. */
export function EarlierDialogs({ contactId, dialogId }: { contactId: number; dialogId: number }) {
  const trpc = useTRPC();
  const t = useTranslations('history.earlier');
  const format = useInboxFormat();
  const list = useQuery(trpc.history.search.queryOptions({ filters: { contactId }, sort: 'newest', limit: SHOWN + 1 }));
  const others = (list.data?.items ?? []).filter((item) => item.id !== dialogId).slice(0, SHOWN);
  return (
    <nav aria-labelledby="details-earlier-dialogs" className={styles.earlier}>
      <h4 id="details-earlier-dialogs" className={styles.earlierHeading}>
        {t('title')}
      </h4>
      {list.isPending && <Skeleton height={40} />}
      {list.isError && <p className={styles.meta}>{errorMessage(list.error)}</p>}
      {list.isSuccess && others.length === 0 && <p className={styles.meta}>{t('none')}</p>}
      {others.length > 0 && (
        <ul className={styles.earlierList}>
          {others.map((item) => (
            <li key={item.id}>
              <Link href={urlFromFilters({ contactId }, 'newest', item.id)}>
                #{item.id} · {format.dateTime(item.createdAt)}
              </Link>
              <span className={styles.meta}>
                {' '}
                {format.status(item.status)}
                {item.operator ? ` · ${item.operator.name}` : ''}
              </span>
            </li>
          ))}
        </ul>
      )}
      {list.isSuccess && (
        <Link className={styles.earlierAll} href={urlFromFilters({ contactId }, 'newest', null)}>
          {t('all')}
        </Link>
      )}
    </nav>
  );
}
