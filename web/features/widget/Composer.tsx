'use client';

import { useFormatter, useTranslations } from 'next-intl';
import { useId, useRef, useState, type ChangeEvent, type FormEvent, type KeyboardEvent } from 'react';
import { MAX_MESSAGE_LENGTH } from '../../../domain/dialog';
import { MAX_FILES_PER_MESSAGE, MAX_UPLOAD_BYTES, uploadRefusalReason } from '../../../domain/files';
import { formatSize } from '../../server/channels/widget/visitor-texts';
import { PaperclipIcon, SendIcon } from './icons';
import styles from './widget.module.css';

const WARN_FROM = MAX_MESSAGE_LENGTH - 200;

/**
 * The message box: Enter sends, Shift+Enter breaks the line, and the length limit is explained
 * before sending. The paperclip sends files (each as a message of its own); a file the server would
 * refuse (too large, empty, a web page or program) is explained here without uploading it.
 */
export function Composer({
  disabled,
  onSend,
  onSendFile,
  onTyping,
}: {
  disabled: boolean;
  onSend(text: string): void;
  onSendFile?(file: File): void;
  onTyping?(): void;
}) {
  const t = useTranslations('widget.composer');
  const format = useFormatter();
  const maxSize = formatSize(MAX_UPLOAD_BYTES, format);
  const [text, setText] = useState('');
  const [fileProblem, setFileProblem] = useState<string | null>(null);
  const inputRef = useRef<HTMLTextAreaElement>(null);
  const fileInputRef = useRef<HTMLInputElement>(null);
  const inputId = useId();
  const hintId = useId();
  const length = text.trim().length;
  const tooLong = length > MAX_MESSAGE_LENGTH;
  const canSend = !disabled && length > 0 && !tooLong;

  function submit(event?: FormEvent) {
    event?.preventDefault();
    if (!canSend) return;
    onSend(text.trim());
    setText('');
    inputRef.current?.focus();
  }

  function onFilesChosen(event: ChangeEvent<HTMLInputElement>) {
    const files = Array.from(event.target.files ?? []).slice(0, MAX_FILES_PER_MESSAGE);
    event.target.value = '';
    const problems: string[] = [];
    for (const file of files) {
      const reason = uploadRefusalReason({ name: file.name, mimeType: file.type, size: file.size });
      if (reason === null) onSendFile?.(file);
      else if (reason === 'empty') problems.push(t('fileEmpty', { name: file.name }));
      else if (reason === 'too_large') problems.push(t('fileTooLarge', { name: file.name, size: formatSize(file.size, format), max: maxSize }));
      else problems.push(t('fileNotAllowed', { name: file.name }));
    }
    setFileProblem(problems.length > 0 ? t('notSent', { problems: problems.join('; ') }) : null);
    inputRef.current?.focus();
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      submit();
    }
  }

  return (
    <form className={styles.composer} onSubmit={submit}>
      <label htmlFor={inputId} className={styles.visuallyHidden}>
        {t('label')}
      </label>
      <div className={styles.composerField} data-invalid={tooLong ? 'true' : undefined}>
        {onSendFile ? (
          <>
            <input ref={fileInputRef} type="file" multiple className={styles.visuallyHidden} tabIndex={-1} aria-label={t('attachFiles')} onChange={onFilesChosen} disabled={disabled} />
            <button type="button" className={styles.attachButton} onClick={() => fileInputRef.current?.click()} disabled={disabled} aria-label={t('attachFile')} title={t('attachFileHint', { max: maxSize })}>
              <PaperclipIcon />
            </button>
          </>
        ) : null}
        <textarea
          id={inputId}
          ref={inputRef}
          className={styles.composerInput}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            if (e.target.value.trim() !== '') onTyping?.();
          }}
          onKeyDown={onKeyDown}
          // Until the chat is ready (and the page's script runs: the server renders it disabled), what
          // a visitor typed could not be sent, and Enter before the script ran would just break the line.
          disabled={disabled}
          placeholder={disabled ? t('connecting') : t('placeholder')}
          rows={1}
          aria-invalid={tooLong}
          aria-describedby={hintId}
          enterKeyHint="send"
        />
        <button type="submit" className={styles.sendButton} disabled={!canSend} aria-label={t('send')}>
          <SendIcon />
        </button>
      </div>
      <p id={hintId} className={styles.composerHint} data-error={tooLong || fileProblem ? 'true' : undefined} aria-live="polite">
        {fileProblem && !tooLong
          ? fileProblem
          : tooLong
          ? t('tooLong', { max: MAX_MESSAGE_LENGTH, over: length - MAX_MESSAGE_LENGTH })
          : length >= WARN_FROM
            ? t('charactersLeft', { count: MAX_MESSAGE_LENGTH - length })
            : <span className={styles.visuallyHidden}>{t('keyboardHint')}</span>}
      </p>
    </form>
  );
}
