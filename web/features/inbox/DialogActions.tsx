'use client';

import { useMutation } from '@tanstack/react-query';
import { ArrowRightLeft, Ban, CheckCheck, Pin, PinOff, ShieldAlert, UserPlus } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { useTRPC } from '../trpc/client';
import { Button } from '../ui';
import styles from './actions.module.css';
import inboxStyles from './inbox.module.css';
import { InviteDialog } from './InviteDialog';
import { SpamDialog } from './SpamDialog';
import { TransferDialog } from './TransferDialog';
import type { DialogView } from './types';
import { useDialogFeedback } from './useDialogFeedback';

type OpenModal = 'transfer' | 'invite' | 'spam' | null;

/**
 * The dialog's actions (SPEC §5): transfer, invite, take over, pin, spam, close. Only what the
 * server allows is shown; every button is in the tab order, and the modal ones return focus here.
 */
export function DialogActions({ view, meId, onLeave }: { view: DialogView; meId: string; onLeave: () => void }) {
  const trpc = useTRPC();
  const { toast, refresh, failed } = useDialogFeedback(view.id);
  const [modal, setModal] = useState<OpenModal>(null);
  const t = useTranslations('inbox.actions');
  const [confirmClose, setConfirmClose] = useState(false);
  const { permissions } = view;
  // Supervisors see every dialog; anyone else may lose sight of one they hand on.
  const seesAll = permissions.canRateAsSupervisor;

  const done = (title: string, description?: string) => {
    setModal(null);
    toast({ tone: 'success', title, description });
    refresh();
  };

  const takeOver = useMutation(
    trpc.dialogs.takeOver.mutationOptions({
      onSuccess: () => done(t('takenOver'), t('takenOverText', { name: view.contact.label })),
      onError: failed(t('takeOverFailed')),
    }),
  );
  const pin = useMutation(
    trpc.dialogs.pin.mutationOptions({
      onSuccess: (_, { pinned }) => done(pinned ? t('pinnedDone') : t('unpinnedDone'), pinned ? t('pinnedDoneText') : undefined),
      onError: failed(t('pinFailed')),
    }),
  );
  const close = useMutation(
    trpc.dialogs.close.mutationOptions({
      onSuccess: () => {
        setConfirmClose(false);
        done(t('closed'));
      },
      onError: failed(t('closeFailed')),
    }),
  );

  const any = permissions.canTransfer || permissions.canInvite || permissions.canTakeOver || permissions.canPin || permissions.canSpam || permissions.canClose;
  if (!any) return null;

  return (
    <div className={styles.bar} role="group" aria-label={t('label')}>
      {permissions.canTransfer && (
        <Button size="sm" icon={<ArrowRightLeft size={15} />} onClick={() => setModal('transfer')}>
          {t('transfer')}
        </Button>
      )}
      {permissions.canInvite && (
        <Button size="sm" icon={<UserPlus size={15} />} onClick={() => setModal('invite')}>
          {t('invite')}
        </Button>
      )}
      {permissions.canTakeOver && (
        <Button
          size="sm"
          icon={<ShieldAlert size={15} />}
          loading={takeOver.isPending}
          title={view.operator ? t('takeOverFrom', { name: view.operator.name }) : t('takeOverFromQueue')}
          onClick={() => takeOver.mutate({ dialogId: view.id })}
        >
          {t('takeOver')}
        </Button>
      )}
      {permissions.canPin && (
        <Button
          size="sm"
          variant="ghost"
          icon={view.pinned ? <PinOff size={15} /> : <Pin size={15} />}
          loading={pin.isPending}
          title={view.pinned ? t('unpinHint') : t('pinHint')}
          onClick={() => pin.mutate({ dialogId: view.id, pinned: !view.pinned })}
        >
          {view.pinned ? t('unpin') : t('pin')}
        </Button>
      )}
      {permissions.canSpam && (
        <Button size="sm" variant="ghost" icon={<Ban size={15} />} onClick={() => setModal('spam')}>
          {t('spam')}
        </Button>
      )}
      {permissions.canClose && (
        <div className={styles.barEnd}>
          {confirmClose ? (
            <div className={inboxStyles.confirm} role="group" aria-label={t('confirmClose')}>
              {t('closeQuestion')}
              <Button size="sm" variant="dangerSolid" loading={close.isPending} onClick={() => close.mutate({ dialogId: view.id })} autoFocus>
                {t('close')}
              </Button>
              <Button size="sm" variant="ghost" onClick={() => setConfirmClose(false)}>
                {t('cancel')}
              </Button>
            </div>
          ) : (
            <Button size="sm" icon={<CheckCheck size={15} />} onClick={() => setConfirmClose(true)}>
              {t('closeDialog')}
            </Button>
          )}
        </div>
      )}

      {modal === 'transfer' && (
        <TransferDialog
          view={view}
          onClose={() => setModal(null)}
          onTransferred={(target) => {
            done(t('transferred'), t('transferredText', { name: view.contact.label, target }));
            if (!seesAll) onLeave();
          }}
        />
      )}
      {modal === 'invite' && <InviteDialog view={view} meId={meId} onClose={() => setModal(null)} onInvited={(name) => done(t('invitedDone'), t('invitedText', { name }))} />}
      {modal === 'spam' && (
        <SpamDialog view={view} onClose={() => setModal(null)} onMarked={(blocked) => done(t('markedSpam'), blocked ? t('markedSpamBlocked') : t('markedSpamText'))} />
      )}
    </div>
  );
}
