'use client';

import { useQuery } from '@tanstack/react-query';
import { ReactFlowProvider } from '@xyflow/react';
import { ArrowLeft, BarChart3, RotateCcw } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { useTRPC } from '../trpc/client';
import { errorMessage } from '../trpc/errors';
import { Alert, Button, Spinner } from '../ui';
import { FlowAnalyticsView } from './analytics/FlowAnalyticsView';
import { noDecorations } from './document-mapping';
import styles from './editor.module.css';
import { FlowCanvas } from './FlowCanvas';

export type VersionMode = 'flow' | 'analytics';

/** A published version on a canvas of its own, read only, in place of the draft's; in the analytics mode with its dialogs' numbers. */
export function VersionView({
  flowId,
  version,
  isLive,
  mode,
  onMode,
  onBack,
  onRollback,
}: {
  flowId: number;
  version: number;
  isLive: boolean;
  mode: VersionMode;
  onMode: (mode: VersionMode) => void;
  onBack: () => void;
  onRollback: () => void;
}) {
  const trpc = useTRPC();
  const t = useTranslations('flows.versions');
  const document = useQuery(trpc.flows.getVersion.queryOptions({ flowId, version }, { staleTime: Infinity }));
  return (
    <div className={styles.versionView}>
      <div className={styles.versionBanner} role="status">
        <strong>{t('version', { version: String(version) })}</strong> · {t('readOnly')}
        {isLive ? ` · ${t('liveMark')}` : ''}
        <span className={styles.spacer} />
        <Button size="sm" aria-pressed={mode === 'analytics'} icon={<BarChart3 size={14} />} onClick={() => onMode(mode === 'analytics' ? 'flow' : 'analytics')}>
          {t('analytics')}
        </Button>
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
      {document.status === 'success' && mode === 'analytics' && <FlowAnalyticsView flowId={flowId} version={version} document={document.data} />}
      {document.status === 'success' && mode === 'flow' && (
        <ReactFlowProvider>
          <FlowCanvas document={document.data} decorations={noDecorations} readOnly />
        </ReactFlowProvider>
      )}
    </div>
  );
}
