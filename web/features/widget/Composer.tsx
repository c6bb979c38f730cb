'use client';

import { useId, useRef, useState, type ChangeEvent, type FormEvent, type KeyboardEvent } from 'react';
import { MAX_MESSAGE_LENGTH } from '../../../domain/dialog';
import { MAX_FILES_PER_MESSAGE, uploadRefusal } from '../../../domain/files';
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
      const refusal = uploadRefusal({ name: file.name, mimeType: file.type, size: file.size });
      if (!refusal) {
        onSendFile?.(file);
        continue;
      }
      // "file: …" is the server's field prefix; the visitor needs the sentence, naming the file once.
      const sentence = refusal.replace(/^file: /, '');
      problems.push(sentence.startsWith(`"${file.name}"`) ? sentence : `"${file.name}" ${sentence}`);
    }
    setFileProblem(problems.length > 0 ? `Not sent: ${problems.join('; ')}.` : null);
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
        Your message
      </label>
      <div className={styles.composerField} data-invalid={tooLong ? 'true' : undefined}>
        {onSendFile ? (
          <>
            <input ref={fileInputRef} type="file" multiple className={styles.visuallyHidden} tabIndex={-1} aria-label="Attach files" onChange={onFilesChosen} disabled={disabled} />
            <button type="button" className={styles.attachButton} onClick={() => fileInputRef.current?.click()} disabled={disabled} aria-label="Attach a file" title="Attach a file (up to 20 MB)">
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
          placeholder={disabled ? 'Connecting…' : 'Write a message…'}
          rows={1}
          aria-invalid={tooLong}
          aria-describedby={hintId}
          enterKeyHint="send"
        />
        <button type="submit" className={styles.sendButton} disabled={!canSend} aria-label="Send message">
          <SendIcon />
        </button>
      </div>
      <p id={hintId} className={styles.composerHint} data-error={tooLong || fileProblem ? 'true' : undefined} aria-live="polite">
        {fileProblem && !tooLong
          ? fileProblem
          : tooLong
          ? `Messages can be at most ${MAX_MESSAGE_LENGTH.toLocaleString('en')} characters — please shorten it by ${(length - MAX_MESSAGE_LENGTH).toLocaleString('en')} or send it in parts.`
          : length >= WARN_FROM
            ? `${(MAX_MESSAGE_LENGTH - length).toLocaleString('en')} characters left`
            : <span className={styles.visuallyHidden}>Press Enter to send, Shift+Enter for a new line.</span>}
      </p>
    </form>
  );
}
