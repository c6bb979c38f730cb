'use client';

import { useMutation } from '@tanstack/react-query';
import { ArrowRightLeft, Ban, CheckCheck, Pin, PinOff, ShieldAlert, UserPlus } from 'lucide-react';
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
      onSuccess: () => done('Dialog taken over', `${view.contact.label} is yours now.`),
      onError: failed('Could not take over the dialog'),
    }),
  );
  const pin = useMutation(
    trpc.dialogs.pin.mutationOptions({
      onSuccess: (_, { pinned }) => done(pinned ? 'Dialog pinned' : 'Dialog unpinned', pinned ? 'It stays with its operator even when they are away.' : undefined),
      onError: failed('Could not change the pin'),
    }),
  );
  const close = useMutation(
    trpc.dialogs.close.mutationOptions({
      onSuccess: () => {
        setConfirmClose(false);
        done('Dialog closed');
      },
      onError: failed('Could not close the dialog'),
    }),
  );

  const any = permissions.canTransfer || permissions.canInvite || permissions.canTakeOver || permissions.canPin || permissions.canSpam || permissions.canClose;
  if (!any) return null;

  return (
    <div className={styles.bar} role="group" aria-label="Dialog actions">
      {permissions.canTransfer && (
        <Button size="sm" icon={<ArrowRightLeft size={15} />} onClick={() => setModal('transfer')}>
          Transfer
        </Button>
      )}
      {permissions.canInvite && (
        <Button size="sm" icon={<UserPlus size={15} />} onClick={() => setModal('invite')}>
          Invite
        </Button>
      )}
      {permissions.canTakeOver && (
        <Button
          size="sm"
          icon={<ShieldAlert size={15} />}
          loading={takeOver.isPending}
          title={view.operator ? `Take this dialog from ${view.operator.name}` : 'Take this dialog from the queue'}
          onClick={() => takeOver.mutate({ dialogId: view.id })}
        >
          Take over
        </Button>
      )}
      {permissions.canPin && (
        <Button
          size="sm"
          variant="ghost"
          icon={view.pinned ? <PinOff size={15} /> : <Pin size={15} />}
          loading={pin.isPending}
          title={view.pinned ? 'Unpin: the dialog follows the usual availability rules again.' : 'Pin: the dialog stays with its operator whatever their availability.'}
          onClick={() => pin.mutate({ dialogId: view.id, pinned: !view.pinned })}
        >
          {view.pinned ? 'Unpin' : 'Pin'}
        </Button>
      )}
      {permissions.canSpam && (
        <Button size="sm" variant="ghost" icon={<Ban size={15} />} onClick={() => setModal('spam')}>
          Spam
        </Button>
      )}
      {permissions.canClose && (
        <div className={styles.barEnd}>
          {confirmClose ? (
            <div className={inboxStyles.confirm} role="group" aria-label="Confirm closing">
              Close this dialog?
              <Button size="sm" variant="dangerSolid" loading={close.isPending} onClick={() => close.mutate({ dialogId: view.id })} autoFocus>
                Close
              </Button>
              <Button size="sm" variant="ghost" onClick={() => setConfirmClose(false)}>
                Cancel
              </Button>
            </div>
          ) : (
            <Button size="sm" icon={<CheckCheck size={15} />} onClick={() => setConfirmClose(true)}>
              Close dialog
            </Button>
          )}
        </div>
      )}

      {modal === 'transfer' && (
        <TransferDialog
          view={view}
          onClose={() => setModal(null)}
          onTransferred={(target) => {
            done('Dialog transferred', `${view.contact.label} goes to ${target}.`);
            if (!seesAll) onLeave();
          }}
        />
      )}
      {modal === 'invite' && <InviteDialog view={view} meId={meId} onClose={() => setModal(null)} onInvited={(name) => done('Colleague invited', `${name} can now see and answer this dialog.`)} />}
      {modal === 'spam' && (
        <SpamDialog view={view} onClose={() => setModal(null)} onMarked={(blocked) => done('Marked as spam', blocked ? 'The dialog is closed and the contact is blocked.' : 'The dialog is closed.')} />
      )}
    </div>
  );
}
