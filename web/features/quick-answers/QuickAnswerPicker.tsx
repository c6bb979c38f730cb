'use client';

import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { Paperclip } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { useState, type KeyboardEvent, type RefObject } from 'react';
import { slashQueryAt } from '../../../domain/quick-answers';
import type { UploadedFile } from '../../server/services/files';
import { useTRPC } from '../trpc/client';
import { errorMessage } from '../trpc/errors';
import styles from './quick-answers.module.css';

const LISTBOX_ID = 'quick-answer-listbox';

/**
 * The reply box's "/" picker (a combobox on the textarea): typing "/" at the start of a word
 * searches the quick answers of the dialog's line and everyone's; ↑/↓ move, Enter or Tab insert,
 * Escape closes. Inserting replaces "/query" with the filled text and attaches the answer's files.
 */
export function useQuickAnswerPicker(options: {
  dialogId: number;
  enabled: boolean;
  text: string;
  textarea: RefObject<HTMLTextAreaElement | null>;
  onInsert: (text: string, files: UploadedFile[]) => void;
  onError: (message: string) => void;
}) {
  const trpc = useTRPC();
  const [caret, setCaret] = useState(0);
  const t = useTranslations('quickAnswers.picker');
  const [closedAt, setClosedAt] = useState<string | null>(null);
  const [active, setActive] = useState(0);
  const slash = options.enabled ? slashQueryAt(options.text, caret) : null;
  const key = slash ? `${slash.start}:${options.text}` : null;
  const open = slash !== null && closedAt !== key;
  const answers = useQuery({
    ...trpc.quickAnswers.forDialog.queryOptions({ dialogId: options.dialogId, search: slash?.query ?? '' }),
    enabled: open,
    placeholderData: keepPreviousData,
  });
  const items = open ? (answers.data ?? []) : [];
  const activeIndex = Math.min(active, Math.max(items.length - 1, 0));
  const insert = useMutation(
    trpc.quickAnswers.insert.mutationOptions({
      onSuccess: (inserted) => {
        if (!slash) return;
        const before = options.text.slice(0, slash.start);
        const after = options.text.slice(caret);
        options.onInsert(before + inserted.text + after, inserted.attachments);
        const position = before.length + inserted.text.length;
        requestAnimationFrame(() => {
          options.textarea.current?.focus();
          options.textarea.current?.setSelectionRange(position, position);
          setCaret(position);
        });
      },
      onError: (failure) => options.onError(errorMessage(failure)),
    }),
  );

  function choose(index: number) {
    const item = items[index];
    if (item) insert.mutate({ dialogId: options.dialogId, quickAnswerId: item.id });
  }

  /** True when the key was the picker's (the reply box must not act on it). */
  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>): boolean {
    if (!open) return false;
    if (event.key === 'Escape') {
      event.preventDefault();
      setClosedAt(key);
      return true;
    }
    if (items.length === 0) return false;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((activeIndex + step + items.length) % items.length);
      return true;
    }
    if ((event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) || event.key === 'Tab') {
      event.preventDefault();
      choose(activeIndex);
      return true;
    }
    return false;
  }

  const trackCaret = (event: { currentTarget: HTMLTextAreaElement }) => {
    setCaret(event.currentTarget.selectionStart);
    setActive(0);
  };

  const comboboxProps = {
    role: 'combobox',
    'aria-autocomplete': 'list' as const,
    'aria-expanded': open,
    'aria-controls': open ? LISTBOX_ID : undefined,
    'aria-activedescendant': open && items.length > 0 ? `quick-answer-${items[activeIndex]?.id}` : undefined,
    onSelect: trackCaret,
  };

  const listbox = open ? (
    <ul id={LISTBOX_ID} role="listbox" aria-label={t('label')} className={styles.picker}>
      {answers.isPending && <li className={styles.pickerHint}>{t('searching')}</li>}
      {answers.isError && <li className={styles.pickerEmpty}>
          {t('loadFailed')} {errorMessage(answers.error)}
        </li>}
      {answers.isSuccess && items.length === 0 && (
        <li className={styles.pickerEmpty}>{t('noMatch', { query: slash?.query ?? '' })}</li>
      )}
      {items.map((item, index) => (
        <li
          key={item.id}
          id={`quick-answer-${item.id}`}
          role="option"
          aria-selected={index === activeIndex}
          className={styles.option}
          onMouseDown={(event) => event.preventDefault()}
          onMouseEnter={() => setActive(index)}
          onClick={() => choose(index)}
        >
          <span className={styles.optionTitle}>
            {item.title}
            {item.files.length > 0 && (
              <span title={item.files.map((f) => f.name).join(', ')}>
                <Paperclip size={12} aria-hidden />
                <span className="visually-hidden">{t('withFiles', { count: item.files.length })}</span>
              </span>
            )}
            <span className={styles.optionMeta}>{item.lineName ?? t('everyLine')}</span>
          </span>
          <span className={styles.optionText}>{item.text}</span>
        </li>
      ))}
    </ul>
  ) : null;

  return { open, onKeyDown, trackCaret, comboboxProps, listbox, anchorClassName: styles.pickerAnchor };
}
