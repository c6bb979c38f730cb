'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Lock, SendHorizontal } from 'lucide-react';
import { useState, type KeyboardEvent } from 'react';
import { MAX_MESSAGE_LENGTH } from '../../../domain/dialog';
import { useTRPC } from '../trpc/client';
import { errorMessage, fieldErrorsOf } from '../trpc/errors';
import { Button, FieldError, cx } from '../ui';
import styles from './inbox.module.css';
import type { DialogView } from './types';

/** Unsent text per dialog survives switching between dialogs. */
const drafts = new Map<number, string>();

export function ReplyBox({ view }: { view: DialogView }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [text, setTextState] = useState(() => drafts.get(view.id) ?? '');
  const [error, setError] = useState<string | null>(null);
  const setText = (value: string) => {
    setTextState(value);
    if (value) drafts.set(view.id, value);
    else drafts.delete(view.id);
  };

  const reply = useMutation(
    trpc.dialogs.reply.mutationOptions({
      onMutate: () => {
        setError(null);
        setText('');
      },
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.dialogs.get.queryKey({ dialogId: view.id }) });
        void queryClient.invalidateQueries({ queryKey: trpc.inbox.pathKey() });
      },
      onError: (failure, variables) => {
        // Nothing is lost: the text goes back into the box with the reason next to it.
        setText(variables.text);
        setError(fieldErrorsOf(failure).text?.[0] ?? errorMessage(failure));
        void queryClient.invalidateQueries({ queryKey: trpc.dialogs.get.queryKey({ dialogId: view.id }) });
      },
    }),
  );

  if (!view.permissions.canReply) {
    return (
      <div className={styles.composer}>
        <div className={styles.blocked} role="note">
          <Lock size={16} aria-hidden />
          <span>{view.permissions.replyBlockedReason ?? 'You cannot answer in this dialog.'}</span>
        </div>
      </div>
    );
  }

  const length = text.trim().length;
  const over = text.length > MAX_MESSAGE_LENGTH;
  const canSend = length > 0 && !over && !reply.isPending;

  function send() {
    if (!canSend) return;
    reply.mutate({ dialogId: view.id, text });
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    // Enter sends, Shift+Enter breaks the line; never while an input method is composing.
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      send();
    }
  }

  return (
    <form
      className={styles.composer}
      onSubmit={(event) => {
        event.preventDefault();
        send();
      }}
    >
      <div className={styles.composerBox} data-invalid={over || error ? true : undefined}>
        <label htmlFor="reply-text" className="visually-hidden">
          Reply to {view.contact.label}
        </label>
        <textarea
          id="reply-text"
          className={styles.composerInput}
          value={text}
          onChange={(event) => {
            setText(event.target.value);
            if (error) setError(null);
          }}
          onKeyDown={onKeyDown}
          placeholder={view.offeredToMe ? 'Write a reply — sending it takes the dialog' : `Reply to ${view.contact.label}…`}
          rows={2}
          aria-invalid={over || error ? true : undefined}
          aria-describedby="reply-counter reply-hint reply-error"
        />
        <div className={styles.composerBar}>
          <span id="reply-hint" className={styles.composerHint}>
            <kbd>Enter</kbd> to send · <kbd>Shift</kbd>+<kbd>Enter</kbd> for a new line
          </span>
          <span
            id="reply-counter"
            className={cx(styles.counter, text.length > MAX_MESSAGE_LENGTH * 0.9 && styles.counterWarn, over && styles.counterOver)}
            aria-live={over ? 'polite' : 'off'}
          >
            {text.length.toLocaleString()} / {MAX_MESSAGE_LENGTH.toLocaleString()}
            {over && <span className="visually-hidden"> characters: too long, shorten it or split it</span>}
          </span>
          <Button type="submit" variant="primary" size="sm" disabled={!canSend} loading={reply.isPending} icon={<SendHorizontal size={14} />}>
            Send
          </Button>
        </div>
      </div>
      <div id="reply-error" className={styles.composerError}>
        {over && !error && <FieldError>The message is {(text.length - MAX_MESSAGE_LENGTH).toLocaleString()} characters too long: shorten it or split it into several messages.</FieldError>}
        {error && <FieldError>{error}</FieldError>}
      </div>
    </form>
  );
}
