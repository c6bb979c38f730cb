'use client';

import { useMutation } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
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
  const t = useTranslations('inbox.invite');
  const invite = useMutation(trpc.dialogs.invite.mutationOptions());
  const inDialog = new Set([meId, ...(view.operator ? [view.operator.id] : []), ...view.participants.map((p) => p.id)]);
  const chosen = targets.data?.operators.find((o) => o.id === userId && !inDialog.has(o.id));

  return (
    <ActionModal
      title={t('title')}
      description={t('description')}
      submitLabel={t('submit')}
      pending={invite.isPending}
      canSubmit={Boolean(chosen)}
      error={invite.error ? errorMessage(invite.error) : null}
      onSubmit={() => chosen && invite.mutate({ dialogId: view.id, userId: chosen.id }, { onSuccess: () => onInvited(chosen.name) })}
      onClose={onClose}
    >
      <OperatorPicker targets={targets} exclude={inDialog} name="invite-colleague" noun="colleague" emptyText={t('nobody')} value={userId} onChange={setUserId} />
    </ActionModal>
  );
}
