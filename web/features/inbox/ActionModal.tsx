'use client';

import { useTranslations } from 'next-intl';
import { useEffect, useId, useRef, type FormEvent, type ReactNode } from 'react';
import { Alert, Button } from '../ui';
import styles from './actions.module.css';

/**
 * A modal form on the native <dialog>: the browser traps focus, closes on Escape and puts it in
 * the top layer. Mounted = open; on unmount focus returns to whatever opened it. The server's
 * refusal (`error`) is shown inside, next to the action that caused it.
 */
export function ActionModal({
  title,
  description,
  submitLabel,
  submitVariant = 'primary',
  pending,
  canSubmit = true,
  error,
  onSubmit,
  onClose,
  children,
}: {
  title: string;
  description?: ReactNode;
  submitLabel: string;
  submitVariant?: 'primary' | 'dangerSolid';
  pending: boolean;
  canSubmit?: boolean;
  error: string | null;
  onSubmit: () => void;
  onClose: () => void;
  children?: ReactNode;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  const t = useTranslations('common.ui');

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!dialog.open) dialog.showModal();
    return () => {
      if (dialog.open) dialog.close();
      opener?.focus();
    };
  }, []);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (canSubmit && !pending) onSubmit();
  }

  return (
    <dialog
      ref={ref}
      className={styles.modal}
      aria-labelledby={`${id}-title`}
      aria-describedby={description ? `${id}-description` : undefined}
      // Escape: React state decides, so the dialog never closes behind React's back.
      onCancel={(event) => {
        event.preventDefault();
        if (!pending) onClose();
      }}
      // Keys typed here are not inbox shortcuts (j / k / r / Escape for the details pane).
      onKeyDown={(event) => event.stopPropagation()}
      onClick={(event) => {
        if (event.target === ref.current && !pending) onClose();
      }}
    >
      <form className={styles.modalForm} onSubmit={submit} noValidate>
        <header className={styles.modalHeader}>
          <h2 id={`${id}-title`}>{title}</h2>
          {description && (
            <p id={`${id}-description`} className={styles.modalDescription}>
              {description}
            </p>
          )}
        </header>
        <div className={styles.modalBody}>
          {children}
          {error && (
            <Alert tone="error" role="alert">
              {error}
            </Alert>
          )}
        </div>
        <footer className={styles.modalFooter}>
          <Button onClick={onClose} disabled={pending}>
            {t('cancel')}
          </Button>
          <Button type="submit" variant={submitVariant} loading={pending} disabled={!canSubmit}>
            {submitLabel}
          </Button>
        </footer>
      </form>
    </dialog>
  );
}
