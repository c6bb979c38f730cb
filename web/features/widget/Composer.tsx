'use client';

import { useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { MAX_MESSAGE_LENGTH } from '../../../domain/dialog';
import { SendIcon } from './icons';
import styles from './widget.module.css';

const WARN_FROM = MAX_MESSAGE_LENGTH - 200;

/** The message box: Enter sends, Shift+Enter breaks the line, and the length limit is explained before sending. */
export function Composer({ disabled, onSend, onTyping }: { disabled: boolean; onSend(text: string): void; onTyping?(): void }) {
  const [text, setText] = useState('');
  const inputRef = useRef<HTMLTextAreaElement>(null);
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
      <p id={hintId} className={styles.composerHint} data-error={tooLong ? 'true' : undefined} aria-live="polite">
        {tooLong
          ? `Messages can be at most ${MAX_MESSAGE_LENGTH.toLocaleString('en')} characters — please shorten it by ${(length - MAX_MESSAGE_LENGTH).toLocaleString('en')} or send it in parts.`
          : length >= WARN_FROM
            ? `${(MAX_MESSAGE_LENGTH - length).toLocaleString('en')} characters left`
            : <span className={styles.visuallyHidden}>Press Enter to send, Shift+Enter for a new line.</span>}
      </p>
    </form>
  );
}
