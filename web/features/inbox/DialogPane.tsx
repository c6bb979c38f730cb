'use client';

import { useMutation, useQuery } from '@tanstack/react-query';
import { ArrowLeft, MessagesSquare, PanelRight, Pin, SkipForward, X } from 'lucide-react';
import { statusLabels } from '../../../domain/dialog';
import { useTRPC } from '../trpc/client';
import { errorMessage } from '../trpc/errors';
import { Alert, Avatar, Badge, Button, EmptyState, Skeleton, cx } from '../ui';
import { DialogActions } from './DialogActions';
import { DialogDetails } from './DialogDetails';
import { channelName, statusTones } from './format';
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
  if (dialogId === null) {
    return (
      <section className={cx(styles.conversation, styles.spanRest)} aria-label="Dialog">
        <div className={styles.placeholder}>
          <EmptyState
            icon={<MessagesSquare size={20} />}
            title="Pick a dialog"
            description="Choose a conversation from the list to read the history and answer."
            action={
              <span className={styles.shortcuts} aria-hidden>
                <span>
                  <kbd>j</kbd> / <kbd>k</kbd> next and previous
                </span>
                <span>
                  <kbd>r</kbd> reply
                </span>
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

  if (dialog.status === 'pending') return <DialogSkeleton onBack={onBack} />;
  if (dialog.status === 'error') {
    return (
      <section className={cx(styles.conversation, styles.spanRest)} aria-label="Dialog">
        <header className={styles.dialogHeader}>
          <Button variant="ghost" iconOnly className={styles.backButton} aria-label="Back to the list" icon={<ArrowLeft size={18} />} onClick={onBack} />
          <h2 className={styles.dialogTitle}>Dialog #{dialogId}</h2>
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
  const take = useMutation(
    trpc.dialogs.take.mutationOptions({
      onSuccess: () => {
        toast({ tone: 'success', title: 'Dialog taken', description: `${view.contact.label} is yours now.` });
        refresh();
      },
      onError: failed('Could not take the dialog'),
    }),
  );
  const skip = useMutation(
    trpc.dialogs.skip.mutationOptions({
      onSuccess: () => {
        toast({ tone: 'info', title: 'Skipped', description: 'The dialog goes to the next operator.' });
        refresh();
      },
      onError: failed('Could not skip the dialog'),
    }),
  );
  const { permissions } = view;
  const meta = [
    view.line.name,
    channelName(view.channel),
    view.operator ? `Operator: ${view.operator.id === meId ? 'you' : view.operator.name}` : null,
    view.participants.length ? `With ${view.participants.map((p) => (p.id === meId ? 'you' : p.name)).join(', ')}` : null,
  ]
    .filter(Boolean)
    .join(' · ');

  return (
    <section className={styles.conversation} aria-labelledby="dialog-title">
      <header className={styles.dialogHeader}>
        <Button variant="ghost" iconOnly className={styles.backButton} aria-label="Back to the list" icon={<ArrowLeft size={18} />} onClick={onBack} />
        <Avatar name={view.contact.label} colorKey={view.contact.id} size={38} />
        <div className={styles.dialogTitle}>
          <div className={styles.dialogName}>
            <h2 id="dialog-title">{view.contact.label}</h2>
            <Badge tone={view.status === 'offered' && !view.offeredToMe ? 'neutral' : statusTones[view.status]}>{view.offeredToMe ? 'Offered to you' : statusLabels[view.status]}</Badge>
            {view.pinned && (
              <Badge tone="accent" title="Stays with its operator whatever their availability">
                <Pin size={11} aria-hidden /> Pinned
              </Badge>
            )}
            {view.missed && (
              <Badge tone="amber" title="No operator accepted it within the hand-off time">
                Missed
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
            aria-label={detailsOpen ? 'Hide details' : 'Show details'}
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
        <div className={styles.offer} role="region" aria-label="Offer">
          <p className={styles.offerText}>
            <strong>This dialog is offered to you.</strong>
            Take it to answer, or skip to pass it to the next operator. Answering also takes it.
          </p>
          <div className={styles.offerActions}>
            <Button variant="primary" loading={take.isPending} disabled={skip.isPending} onClick={() => take.mutate({ dialogId: view.id })}>
              Take dialog
            </Button>
            {permissions.canSkip && (
              <Button icon={<SkipForward size={15} />} loading={skip.isPending} disabled={take.isPending} onClick={() => skip.mutate({ dialogId: view.id })}>
                Skip
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
  return (
    <section className={cx(styles.conversation, styles.spanRest)} aria-busy="true" aria-label="Loading dialog">
      <header className={styles.dialogHeader}>
        <Button variant="ghost" iconOnly className={styles.backButton} aria-label="Back to the list" icon={<ArrowLeft size={18} />} onClick={onBack} />
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
