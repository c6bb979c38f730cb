'use client';

import { useMutation } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
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
  const t = useTranslations('inbox.spam');
  const spam = useMutation(trpc.dialogs.spam.mutationOptions());
  return (
    <ActionModal
      title={t('title')}
      description={t('description', { id: view.id, name: view.contact.label })}
      submitLabel={t('submit')}
      submitVariant="dangerSolid"
      pending={spam.isPending}
      error={spam.error ? errorMessage(spam.error) : null}
      onSubmit={() => spam.mutate({ dialogId: view.id, blockContact }, { onSuccess: () => onMarked(blockContact) })}
      onClose={onClose}
    >
      <label className={styles.checkbox}>
        <input type="checkbox" checked={blockContact} onChange={(e) => setBlockContact(e.target.checked)} aria-describedby={hintId} />
        <span>
          {t('block')}
          <span id={hintId} className={styles.checkboxHint}>
            {t('blockHint')}
          </span>
        </span>
      </label>
    </ActionModal>
  );
}
