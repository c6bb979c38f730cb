'use client';

import { useQuery } from '@tanstack/react-query';
import { ReactFlowProvider } from '@xyflow/react';
import { ArrowLeft, RotateCcw } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { useTRPC } from '../trpc/client';
import { errorMessage } from '../trpc/errors';
import { Alert, Button, Spinner } from '../ui';
import { noDecorations } from './document-mapping';
import styles from './editor.module.css';
import { FlowCanvas } from './FlowCanvas';

/** A published version on a canvas of its own, read only, in place of the draft's. */
export function VersionView({ flowId, version, isLive, onBack, onRollback }: { flowId: number; version: number; isLive: boolean; onBack: () => void; onRollback: () => void }) {
  const trpc = useTRPC();
  const t = useTranslations('flows.versions');
  const document = useQuery(trpc.flows.getVersion.queryOptions({ flowId, version }, { staleTime: Infinity }));
  return (
    <div className={styles.versionView}>
      <div className={styles.versionBanner} role="status">
        <strong>{t('version', { version: String(version) })}</strong> · {t('readOnly')}
        {isLive ? ` · ${t('liveMark')}` : ''}
        <span className={styles.spacer} />
        <Button size="sm" icon={<ArrowLeft size={14} />} onClick={onBack}>
          {t('backToDraft')}
        </Button>
        {!isLive && (
          <Button size="sm" icon={<RotateCcw size={14} />} onClick={onRollback}>
            {t('rollBackToThis')}
          </Button>
        )}
      </div>
      {document.status === 'pending' && (
        <div className={styles.canvasMessage}>
          <Spinner label={t('loading', { version: String(version) })} />
        </div>
      )}
      {document.status === 'error' && (
        <div className={styles.canvasMessage}>
          <Alert tone="error" role="alert">
            {t('loadVersionFailed', { version: String(version) })} {errorMessage(document.error)}
          </Alert>
        </div>
      )}
      {document.status === 'success' && (
        <ReactFlowProvider>
          <FlowCanvas document={document.data} decorations={noDecorations} readOnly />
        </ReactFlowProvider>
      )}
    </div>
  );
}
