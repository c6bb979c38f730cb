'use client';

import { useQuery } from '@tanstack/react-query';
import { Eye, RotateCcw } from 'lucide-react';
import { useTRPC } from '../trpc/client';
import { errorMessage } from '../trpc/errors';
import { Alert, Badge, Button, Skeleton } from '../ui';
import styles from './editor.module.css';
import { PaneHeader } from './PaneHeader';

/** Published versions, newest first: look at one (read only) or publish it again (roll back). */
export function VersionsPanel({ flowId, publishedVersion, viewing, onView, onRollback, onClose }: {
  flowId: number;
  publishedVersion: number | null;
  viewing: number | null;
  onView: (version: number) => void;
  onRollback: (version: number) => void;
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const versions = useQuery(trpc.flows.versions.queryOptions({ flowId }));
  return (
    <section className={styles.inspector} aria-labelledby="versions-title">
      <PaneHeader id="versions-title" title="Versions" closeLabel="Close the versions" onClose={onClose} />
      {versions.status === 'pending' && <Skeleton height={60} radius={8} />}
      {versions.status === 'error' && (
        <Alert tone="error" role="alert">
          Could not load the versions. {errorMessage(versions.error)}
        </Alert>
      )}
      {versions.status === 'success' && versions.data.length === 0 && <p className={styles.panelNote}>Nothing published yet. Publish the draft to create version 1.</p>}
      {versions.status === 'success' && versions.data.length > 0 && (
        <ol className={styles.versionList} aria-label="Published versions">
          {[...versions.data]
            .sort((a, b) => b.version - a.version)
            .map((version) => (
              <li key={version.version} className={styles.version} aria-current={viewing === version.version ? 'true' : undefined}>
                <div>
                  <p className={styles.versionTitle}>
                    Version {version.version} {version.version === publishedVersion && <Badge tone="green">Live</Badge>}
                  </p>
                  <p className={styles.panelNote}>
                    {version.publishedAt.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })}
                    {version.publishedByName && ` · ${version.publishedByName}`}
                  </p>
                </div>
                <div className={styles.inline}>
                  <Button size="sm" variant="ghost" icon={<Eye size={14} />} aria-label={`View version ${version.version}`} onClick={() => onView(version.version)}>
                    View
                  </Button>
                  {version.version !== publishedVersion && (
                    <Button size="sm" icon={<RotateCcw size={14} />} aria-label={`Roll back to version ${version.version}`} onClick={() => onRollback(version.version)}>
                      Roll back
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
