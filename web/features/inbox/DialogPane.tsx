'use client';

import { useMutation, useQuery } from '@tanstack/react-query';
import { ArrowLeft, MessagesSquare, PanelRight, Pin, SkipForward, X } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { useTRPC } from '../trpc/client';
import { errorMessage } from '../trpc/errors';
import { Alert, Avatar, Badge, Button, EmptyState, Skeleton, cx } from '../ui';
import { DialogActions } from './DialogActions';
import { DialogDetails } from './DialogDetails';
import { statusTones, useInboxFormat } from './format';
import styles from './inbox.module.css';
import { MessageList } from './MessageList';
import { ReplyBox } from './ReplyBox';
import { ClientTypingIndicator } from './typing';
import type { DialogView } from './types';
import { useDialogFeedback } from './useDialogFeedback';

export function DialogPane({
  dialogId,
  meId,
  onBack,
  detailsOpen,
  onToggleDetails,
}: {
  dialogId: number | null;
  meId: string;
  onBack: () => void;
  detailsOpen: boolean;
  onToggleDetails: () => void;
}) {
  const t = useTranslations('inbox.pane');
  if (dialogId === null) {
    return (
      <section className={cx(styles.conversation, styles.spanRest)} aria-label={t('label')}>
        <div className={styles.placeholder}>
          <EmptyState
            icon={<MessagesSquare size={20} />}
            title={t('pickTitle')}
            description={t('pickText')}
            action={
              <span className={styles.shortcuts} aria-hidden>
                <span>{t.rich('shortcutMove', { key: (chunks) => <kbd>{chunks}</kbd> })}</span>
                <span>{t.rich('shortcutReply', { key: (chunks) => <kbd>{chunks}</kbd> })}</span>
              </span>
            }
          />
        </div>
      </section>
    );
  }
  return <LoadedDialog key={dialogId} dialogId={dialogId} meId={meId} onBack={onBack} detailsOpen={detailsOpen} onToggleDetails={onToggleDetails} />;
}

function LoadedDialog({ dialogId, meId, onBack, detailsOpen, onToggleDetails }: { dialogId: number; meId: string; onBack: () => void; detailsOpen: boolean; onToggleDetails: () => void }) {
  const trpc = useTRPC();
  const dialog = useQuery(trpc.dialogs.get.queryOptions({ dialogId }));
  const t = useTranslations('inbox.pane');

  if (dialog.status === 'pending') return <DialogSkeleton onBack={onBack} />;
  if (dialog.status === 'error') {
    return (
      <section className={cx(styles.conversation, styles.spanRest)} aria-label={t('label')}>
        <header className={styles.dialogHeader}>
          <Button variant="ghost" iconOnly className={styles.backButton} aria-label={t('back')} icon={<ArrowLeft size={18} />} onClick={onBack} />
          <h2 className={styles.dialogTitle}>{t('dialogNumber', { id: dialogId })}</h2>
        </header>
        <div style={{ padding: 24 }}>
          <Alert tone="error" role="alert">
            {errorMessage(dialog.error)}
          </Alert>
        </div>
      </section>
    );
  }
  return (
    <>
      <Conversation view={dialog.data} meId={meId} onBack={onBack} onToggleDetails={onToggleDetails} detailsOpen={detailsOpen} />
      <DialogDetails view={dialog.data} onClose={onToggleDetails} />
    </>
  );
}

function Conversation({ view, meId, onBack, onToggleDetails, detailsOpen }: { view: DialogView; meId: string; onBack: () => void; onToggleDetails: () => void; detailsOpen: boolean }) {
  const trpc = useTRPC();
  const { toast, refresh, failed } = useDialogFeedback(view.id);
  const t = useTranslations('inbox.pane');
  const format = useInboxFormat();
  const take = useMutation(
    trpc.dialogs.take.mutationOptions({
      onSuccess: () => {
        toast({ tone: 'success', title: t('taken'), description: t('takenText', { name: view.contact.label }) });
        refresh();
      },
      onError: failed(t('takeFailed')),
    }),
  );
  const skip = useMutation(
    trpc.dialogs.skip.mutationOptions({
      onSuccess: () => {
        toast({ tone: 'info', title: t('skipped'), description: t('skippedText') });
        refresh();
      },
      onError: failed(t('skipFailed')),
    }),
  );
  const { permissions } = view;
  const meta = [
    view.line.name,
    format.channelName(view.channel),
    view.operator ? (view.operator.id === meId ? t('operatorYou') : t('operator', { name: view.operator.name })) : null,
    view.participants.length ? t('with', { names: view.participants.map((p) => (p.id === meId ? t('you') : p.name)).join(', ') }) : null,
  ]
    .filter(Boolean)
    .join(' · ');

  return (
    <section className={styles.conversation} aria-labelledby="dialog-title">
      <header className={styles.dialogHeader}>
        <Button variant="ghost" iconOnly className={styles.backButton} aria-label={t('back')} icon={<ArrowLeft size={18} />} onClick={onBack} />
        <Avatar name={view.contact.label} colorKey={view.contact.id} size={38} />
        <div className={styles.dialogTitle}>
          <div className={styles.dialogName}>
            <h2 id="dialog-title">{view.contact.label}</h2>
            <Badge tone={view.status === 'offered' && !view.offeredToMe ? 'neutral' : statusTones[view.status]}>{view.offeredToMe ? t('offeredToYou') : format.status(view.status)}</Badge>
            {view.pinned && (
              <Badge tone="accent" title={t('pinnedHint')}>
                <Pin size={11} aria-hidden /> {t('pinned')}
              </Badge>
            )}
            {view.missed && (
              <Badge tone="amber" title={t('missedHint')}>
                {t('missed')}
              </Badge>
            )}
          </div>
          <p className={styles.dialogMeta}>
            #{view.id} · {meta}
          </p>
        </div>
        <div className={styles.headerActions}>
          <Button
            variant="ghost"
            iconOnly
            className={styles.detailsToggle}
            aria-label={detailsOpen ? t('hideDetails') : t('showDetails')}
            aria-expanded={detailsOpen}
            aria-controls="dialog-details"
            icon={detailsOpen ? <X size={18} /> : <PanelRight size={18} />}
            onClick={onToggleDetails}
          />
        </div>
      </header>

      <DialogActions view={view} meId={meId} onLeave={onBack} />

      <MessageList view={view} />
      <ClientTypingIndicator dialogId={view.id} />

      {permissions.canTake && (
        <div className={styles.offer} role="region" aria-label={t('offer')}>
          <p className={styles.offerText}>
            <strong>{t('offerTitle')}</strong>
            {t('offerText')}
          </p>
          <div className={styles.offerActions}>
            <Button variant="primary" loading={take.isPending} disabled={skip.isPending} onClick={() => take.mutate({ dialogId: view.id })}>
              {t('take')}
            </Button>
            {permissions.canSkip && (
              <Button icon={<SkipForward size={15} />} loading={skip.isPending} disabled={take.isPending} onClick={() => skip.mutate({ dialogId: view.id })}>
                {t('skip')}
              </Button>
            )}
          </div>
        </div>
      )}

      <ReplyBox view={view} />
    </section>
  );
}

function DialogSkeleton({ onBack }: { onBack: () => void }) {
  const t = useTranslations('inbox.pane');
  return (
    <section className={cx(styles.conversation, styles.spanRest)} aria-busy="true" aria-label={t('loading')}>
      <header className={styles.dialogHeader}>
        <Button variant="ghost" iconOnly className={styles.backButton} aria-label={t('back')} icon={<ArrowLeft size={18} />} onClick={onBack} />
        <Skeleton width={38} height={38} radius={19} />
        <div className={styles.dialogTitle} style={{ display: 'grid', gap: 8 }}>
          <Skeleton width={180} height={14} />
          <Skeleton width={260} height={10} />
        </div>
      </header>
      <div className={styles.messages}>
        <div className={styles.messagesInner}>
          {[220, 320, 180, 280].map((width, i) => (
            <div key={i} className={i % 2 ? styles.fromStaff : styles.fromClient} style={{ display: 'flex' }}>
              <Skeleton width={width} height={40} radius={14} />
            </div>
          ))}
        </div>
      </div>
    </section>
  );
}
