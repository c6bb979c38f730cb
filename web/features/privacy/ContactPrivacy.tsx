'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Download, Eraser } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { eraseConfirmed } from '../../../domain/privacy';
import { ActionModal } from '../inbox/ActionModal';
import { useTRPC } from '../trpc/client';
import { errorMessage, fieldErrorsOf } from '../trpc/errors';
import { Button, Field, Input, useToast } from '../ui';
import styles from './privacy.module.css';

/**
 * The client's personal data on request (SPEC §9, GDPR / 152-FZ), for admins and directors on the
 * contact card: download everything stored about them, or erase it after typing their name.
 */
export function ContactPrivacy({ dialogId, label }: { dialogId: number; label: string }) {
  const t = useTranslations('privacy');
  const [erasing, setErasing] = useState(false);
  return (
    <div className={styles.section}>
      <h4 className={styles.heading} id="details-crm-privacy">
        {t('heading')}
      </h4>
      <p className={styles.hint}>{t('hint')}</p>
      <div className={styles.actions} role="group" aria-labelledby="details-crm-privacy">
        <Button size="sm" icon={<Download size={14} aria-hidden />} onClick={() => window.location.assign(`/api/dialogs/${dialogId}/contact-export`)}>
          {t('export')}
        </Button>
        <Button size="sm" variant="danger" icon={<Eraser size={14} aria-hidden />} onClick={() => setErasing(true)}>
          {t('erase')}
        </Button>
      </div>
      {erasing && <EraseDialog dialogId={dialogId} label={label} onClose={() => setErasing(false)} />}
    </div>
  );
}

function EraseDialog({ dialogId, label, onClose }: { dialogId: number; label: string; onClose: () => void }) {
  const t = useTranslations('privacy.eraseDialog');
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [typed, setTyped] = useState('');
  const erase = useMutation(
    trpc.privacy.eraseContact.mutationOptions({
      onSuccess: (result) => {
        // The card, the thread and the lists all showed the client: read them again.
        void queryClient.invalidateQueries();
        toast({ tone: 'success', title: t('done', { messages: result.messages, files: result.files, dialogs: result.dialogs }) });
        onClose();
      },
    }),
  );
  const fieldError = fieldErrorsOf(erase.error).confirmation?.join(' ') ?? null;
  const otherError = erase.error && !fieldError ? errorMessage(erase.error) : null;
  return (
    <ActionModal
      title={t('title', { name: label })}
      description={t('description')}
      submitLabel={t('submit')}
      submitVariant="dangerSolid"
      pending={erase.isPending}
      canSubmit={eraseConfirmed(label, typed)}
      error={otherError}
      onSubmit={() => erase.mutate({ dialogId, confirmation: typed })}
      onClose={onClose}
    >
      <Field label={t('confirmLabel', { name: label })} hint={t('confirmHint')} error={fieldError}>
        {(control) => <Input {...control} value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" autoFocus />}
      </Field>
    </ActionModal>
  );
}
