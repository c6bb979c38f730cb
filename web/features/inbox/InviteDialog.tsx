'use client';

import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTRPC } from '../trpc/client';
import { errorMessage } from '../trpc/errors';
import { ActionModal } from './ActionModal';
import { OperatorPicker, useTransferTargets } from './OperatorPicker';
import type { DialogView } from './types';

/** Invite a colleague as a second participant: they see the dialog and may answer beside its operator. */
export function InviteDialog({ view, meId, onClose, onInvited }: { view: DialogView; meId: string; onClose: () => void; onInvited: (name: string) => void }) {
  const trpc = useTRPC();
  const targets = useTransferTargets();
  const [userId, setUserId] = useState<string | null>(null);
  const invite = useMutation(trpc.dialogs.invite.mutationOptions());
  const inDialog = new Set([meId, ...(view.operator ? [view.operator.id] : []), ...view.participants.map((p) => p.id)]);
  const chosen = targets.data?.operators.find((o) => o.id === userId && !inDialog.has(o.id));

  return (
    <ActionModal
      title="Invite a colleague"
      description="They can open this dialog and answer the client too. The operator stays in charge."
      submitLabel="Invite"
      pending={invite.isPending}
      canSubmit={Boolean(chosen)}
      error={invite.error ? errorMessage(invite.error) : null}
      onSubmit={() => chosen && invite.mutate({ dialogId: view.id, userId: chosen.id }, { onSuccess: () => onInvited(chosen.name) })}
      onClose={onClose}
    >
      <OperatorPicker targets={targets} exclude={inDialog} name="invite-colleague" noun="colleague" emptyText="Everyone is already in this dialog." value={userId} onChange={setUserId} />
    </ActionModal>
  );
}
