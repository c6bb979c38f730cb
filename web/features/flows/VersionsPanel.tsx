'use client';

import { useQuery } from '@tanstack/react-query';
import { BarChart3, Eye, RotateCcw } from 'lucide-react';
import { useFormatter, useTranslations } from 'next-intl';
import { useTRPC } from '../trpc/client';
import { errorMessage } from '../trpc/errors';
import { Alert, Badge, Button, Skeleton } from '../ui';
import styles from './editor.module.css';
import { PaneHeader } from './PaneHeader';

const momentFormat = { dateStyle: 'medium', timeStyle: 'short' } as const;

/** Published versions, newest first: look at one (read only), at its dialogs' numbers (analytics), or publish it again (roll back). */
export function VersionsPanel({ flowId, publishedVersion, viewing, onView, onAnalytics, onRollback, onClose }: {
  flowId: number;
  publishedVersion: number | null;
  viewing: number | null;
  onView: (version: number) => void;
  onAnalytics: (version: number) => void;
  onRollback: (version: number) => void;
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const t = useTranslations('flows.versions');
  const format = useFormatter();
  const versions = useQuery(trpc.flows.versions.queryOptions({ flowId }));
  return (
    <section className={styles.inspector} aria-labelledby="versions-title">
      <PaneHeader id="versions-title" title={t('title')} closeLabel={t('close')} onClose={onClose} />
      {versions.status === 'pending' && <Skeleton height={60} radius={8} />}
      {versions.status === 'error' && (
        <Alert tone="error" role="alert">
          {t('loadFailed')} {errorMessage(versions.error)}
        </Alert>
      )}
      {versions.status === 'success' && versions.data.length === 0 && <p className={styles.panelNote}>{t('none')}</p>}
      {versions.status === 'success' && versions.data.length > 0 && (
        <ol className={styles.versionList} aria-label={t('list')}>
          {[...versions.data]
            .sort((a, b) => b.version - a.version)
            .map((version) => (
              <li key={version.version} className={styles.version} aria-current={viewing === version.version ? 'true' : undefined}>
                <div>
                  <p className={styles.versionTitle}>
                    {t('version', { version: String(version.version) })} {version.version === publishedVersion && <Badge tone="green">{t('live')}</Badge>}
                  </p>
                  <p className={styles.panelNote}>
                    {format.dateTime(version.publishedAt, momentFormat)}
                    {version.publishedByName && ` · ${version.publishedByName}`}
                  </p>
                </div>
                <div className={styles.inline}>
                  <Button size="sm" variant="ghost" icon={<Eye size={14} />} aria-label={t('viewLabel', { version: String(version.version) })} onClick={() => onView(version.version)}>
                    {t('view')}
                  </Button>
                  <Button size="sm" variant="ghost" icon={<BarChart3 size={14} />} aria-label={t('analyticsLabel', { version: String(version.version) })} onClick={() => onAnalytics(version.version)}>
                    {t('analytics')}
                  </Button>
                  {version.version !== publishedVersion && (
                    <Button size="sm" icon={<RotateCcw size={14} />} aria-label={t('rollBackLabel', { version: String(version.version) })} onClick={() => onRollback(version.version)}>
                      {t('rollBack')}
                    </Button>
                  )}
                </div>
              </li>
            ))}
        </ol>
      )}
    </section>
  );
}
