'use client';

import { useMutation } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTRPC } from '../trpc/client';
import { errorMessage } from '../trpc/errors';
import { ActionModal } from './ActionModal';
import styles from './actions.module.css';
import type { DialogView } from './types';

/** SPEC §4 rule 7: mark as spam and close, optionally blocking the contact. */
export function SpamDialog({ view, onClose, onMarked }: { view: DialogView; onClose: () => void; onMarked: (blocked: boolean) => void }) {
  const trpc = useTRPC();
  const hintId = useId();
  const [blockContact, setBlockContact] = useState(false);
  const spam = useMutation(trpc.dialogs.spam.mutationOptions());
  return (
    <ActionModal
      title="Mark as spam?"
      description={`Dialog #${view.id} with ${view.contact.label} is closed as spam.`}
      submitLabel="Mark as spam"
      submitVariant="dangerSolid"
      pending={spam.isPending}
      error={spam.error ? errorMessage(spam.error) : null}
      onSubmit={() => spam.mutate({ dialogId: view.id, blockContact }, { onSuccess: () => onMarked(blockContact) })}
      onClose={onClose}
    >
      <label className={styles.checkbox}>
        <input type="checkbox" checked={blockContact} onChange={(e) => setBlockContact(e.target.checked)} aria-describedby={hintId} />
        <span>
          Also block this contact
          <span id={hintId} className={styles.checkboxHint}>
            Their next messages are stored but open no dialog and notify no one.
          </span>
        </span>
      </label>
    </ActionModal>
  );
}
