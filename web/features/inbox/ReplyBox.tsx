'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Lock, MessageSquare, SendHorizontal, StickyNote } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { MAX_MESSAGE_LENGTH } from '../../../domain/dialog';
import { useQuickAnswerPicker } from '../quick-answers/QuickAnswerPicker';
import { useTRPC } from '../trpc/client';
import { errorMessage, fieldErrorsOf, unconfirmedOutcomeOf } from '../trpc/errors';
import { Button, FieldError, cx } from '../ui';
import { useInboxFormat } from './format';
import styles from './inbox.module.css';
import { newClientMessageId } from './client-message-id';
import { AttachButton, PendingFiles, useReplyAttachments, type PendingFile } from './ReplyAttachments';
import fileStyles from './attachments.module.css';
import { ReplyWindowNotice } from './ReplyWindowNotice';
import type { DialogView } from './types';
import { useSendTyping } from './typing';

/** Unsent text per dialog survives switching between dialogs. */
const drafts = new Map<number, string>();

type Mode = 'reply' | 'note';

export function ReplyBox({ view }: { view: DialogView }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const t = useTranslations('inbox.replyBox');
  const format = useInboxFormat();
  const [text, setTextState] = useState(() => drafts.get(view.id) ?? '');
  const [error, setError] = useState<string | null>(null);
  // Notes are allowed whenever the dialog can be seen; replies only when the user may answer.
  // Until the user picks a mode (or starts typing), it follows that: a dialog that becomes theirs
  // (taken, offered) opens for replies, but a note being written never turns into a reply.
  const [chosenMode, setMode] = useState<Mode | null>(null);
  const mode: Mode = view.permissions.canReply ? (chosenMode ?? 'reply') : 'note';
  const setText = (value: string) => {
    setTextState(value);
    if (value) drafts.set(view.id, value);
    else drafts.delete(view.id);
  };

  // The id of a reply not yet confirmed, kept with its text: sending the same text again is the
  // same reply (stored and sent once), a changed text is a new one.
  const unsentReply = useRef<{ text: string; clientMessageId: string } | null>(null);
  const attachments = useReplyAttachments(view.id);
  // Files taken by a reply in flight: back into the box if it fails.
  const sentFiles = useRef<PendingFile[]>([]);
  const [dropping, setDropping] = useState(false);
  const textarea = useRef<HTMLTextAreaElement>(null);
  const quickAnswers = useQuickAnswerPicker({
    dialogId: view.id,
    enabled: mode === 'reply' && view.permissions.canReply,
    text,
    textarea,
    onInsert: (filled, files) => {
      setText(filled);
      attachments.addStored(files);
    },
    onError: setError,
  });

  const callbacks = {
    onMutate: () => {
      setError(null);
      setText('');
    },
    onSuccess: async () => {
      unsentReply.current = null;
      sentFiles.current = [];
      await queryClient.invalidateQueries({ queryKey: trpc.dialogs.get.queryKey({ dialogId: view.id }) });
      void queryClient.invalidateQueries({ queryKey: trpc.inbox.pathKey() });
    },
    onError: (failure: unknown, variables: { text: string }) => {
      // Stored after all (the answer came too late): the reply shows in the dialog, nothing to resend.
      if (unconfirmedOutcomeOf(failure) === 'applied') unsentReply.current = null;
      // Otherwise nothing is lost: the text (and files) go back into the box with the reason next to it.
      else {
        setText(variables.text);
        attachments.restore(sentFiles.current);
      }
      sentFiles.current = [];
      setError(fieldErrorsOf(failure).text?.[0] ?? errorMessage(failure));
      void queryClient.invalidateQueries({ queryKey: trpc.dialogs.get.queryKey({ dialogId: view.id }) });
      void queryClient.invalidateQueries({ queryKey: trpc.inbox.pathKey() });
    },
  };
  const reply = useMutation(trpc.dialogs.reply.mutationOptions(callbacks));
  const note = useMutation(trpc.dialogs.addNote.mutationOptions(callbacks));
  const pending = reply.isPending || note.isPending;

  const length = text.trim().length;
  const over = text.length > MAX_MESSAGE_LENGTH;
  const isNote = mode === 'note';
  // A reply may be files only; notes are text only.
  const withFiles = !isNote && attachments.fileIds.length > 0;
  const uploading = !isNote && attachments.uploading;
  const canSend = (length > 0 || withFiles || uploading) && !over && !pending;
  const sendTyping = useSendTyping(view.id);
  // Sending while a file is still uploading waits for it: the reply goes as soon as every file is
  // stored, and stays in the box (with the reason) if one of them is refused.
  const [sendWhenUploaded, setSendWhenUploaded] = useState(false);
  const refusedFile = attachments.files.find((f) => f.state === 'failed');
  useEffect(() => {
    if (!sendWhenUploaded || uploading) return;
    setSendWhenUploaded(false);
    if (refusedFile) setError(t('fileNotUploaded', { name: refusedFile.name }));
    else send();
  });

  function send() {
    if (!canSend) return;
    if (uploading) return setSendWhenUploaded(true);
    if (isNote) return note.mutate({ dialogId: view.id, text });
    const fileIds = attachments.fileIds;
    const content = `${text}\u0000${fileIds.join(',')}`;
    const clientMessageId = unsentReply.current?.text === content ? unsentReply.current.clientMessageId : newClientMessageId();
    unsentReply.current = { text: content, clientMessageId };
    sentFiles.current = attachments.take();
    reply.mutate({ dialogId: view.id, text, clientMessageId, ...(fileIds.length ? { fileIds } : {}) });
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (quickAnswers.onKeyDown(event)) return;
    // Enter sends, Shift+Enter breaks the line; never while an input method is composing.
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      send();
    }
  }

  const keyHint = t.rich(isNote ? 'noteHint' : 'replyHint', { key: (chunks) => <kbd>{chunks}</kbd> });
  const placeholder = isNote ? t('notePlaceholder') : view.offeredToMe ? t('offeredPlaceholder') : t('replyPlaceholder', { name: view.contact.label });

  return (
    <form
      className={styles.composer}
      onSubmit={(event) => {
        event.preventDefault();
        send();
      }}
    >
      <div className={styles.composerTop}>
        <fieldset className={styles.modeSwitch}>
          <legend className="visually-hidden">{t('modeLegend')}</legend>
          <label className={styles.modeOption}>
            <input
              type="radio"
              name={`composer-mode-${view.id}`}
              value="reply"
              checked={mode === 'reply'}
              disabled={!view.permissions.canReply}
              onChange={() => setMode('reply')}
            />
            <MessageSquare size={13} aria-hidden /> {t('reply')}
          </label>
          <label className={cx(styles.modeOption, styles.modeOptionNote)}>
            <input type="radio" name={`composer-mode-${view.id}`} value="note" checked={mode === 'note'} onChange={() => setMode('note')} />
            <StickyNote size={13} aria-hidden /> {t('note')}
          </label>
        </fieldset>
        {!view.permissions.canReply && (
          <span className={styles.composerBlockedHint} role="note">
            <Lock size={13} aria-hidden />
            {view.permissions.replyBlockedReason ?? t('cannotReply')} {t('canStillNote')}
          </span>
        )}
        <ReplyWindowNotice view={view} />
      </div>
      <div
        className={cx(styles.composerBox, quickAnswers.anchorClassName, isNote && styles.composerNote, dropping && fileStyles.dropping)}
        data-invalid={over || error ? true : undefined}
        onDragOver={(event) => {
          if (isNote || !event.dataTransfer.types.includes('Files')) return;
          event.preventDefault();
          setDropping(true);
        }}
        onDragLeave={() => setDropping(false)}
        onDrop={(event) => {
          setDropping(false);
          if (isNote || event.dataTransfer.files.length === 0) return;
          event.preventDefault();
          attachments.add(event.dataTransfer.files);
        }}
      >
        {isNote && (
          <p id="reply-note-label" className={styles.composerNoteLabel}>
            <Lock size={12} aria-hidden /> {t('noteBanner')}
          </p>
        )}
        <label htmlFor="reply-text" className="visually-hidden">
          {isNote ? t('noteLabel') : t('replyLabel', { name: view.contact.label })}
        </label>
        {quickAnswers.listbox}
        <textarea
          {...quickAnswers.comboboxProps}
          ref={textarea}
          id="reply-text"
          className={styles.composerInput}
          value={text}
          onChange={(event) => {
            if (chosenMode === null) setMode(mode);
            setText(event.target.value);
            quickAnswers.trackCaret(event);
            if (error) setError(null);
            if (!isNote && event.target.value.trim()) sendTyping();
          }}
          onKeyDown={onKeyDown}
          onPaste={(event) => {
            // A pasted screenshot or file is attached; anything with text (a copied document) pastes as text.
            if (isNote || event.clipboardData.files.length === 0 || event.clipboardData.getData('text/plain') !== '') return;
            event.preventDefault();
            attachments.add(event.clipboardData.files);
          }}
          placeholder={placeholder}
          rows={2}
          aria-invalid={over || error ? true : undefined}
          aria-describedby={`${isNote ? 'reply-note-label ' : ''}reply-counter reply-hint reply-error`}
        />
        {!isNote && <PendingFiles attachments={attachments} />}
        <div className={styles.composerBar}>
          {!isNote && <AttachButton attachments={attachments} disabled={!view.permissions.canReply} />}
          <span id="reply-hint" className={styles.composerHint}>
            {keyHint}
          </span>
          <span
            id="reply-counter"
            className={cx(styles.counter, text.length > MAX_MESSAGE_LENGTH * 0.9 && styles.counterWarn, over && styles.counterOver)}
            aria-live={over ? 'polite' : 'off'}
          >
            {t('counter', { length: format.number(text.length), max: format.number(MAX_MESSAGE_LENGTH) })}
            {over && <span className="visually-hidden"> {t('counterOver')}</span>}
          </span>
          <Button
            type="submit"
            variant="primary"
            size="sm"
            className={isNote ? styles.noteButton : undefined}
            disabled={!canSend}
            loading={pending || sendWhenUploaded}
            icon={isNote ? <StickyNote size={14} /> : <SendHorizontal size={14} />}
          >
            {isNote ? t('addNote') : t('send')}
          </Button>
        </div>
      </div>
      <div id="reply-error" className={styles.composerError}>
        {over && !error && <FieldError>{t(isNote ? 'noteTooLong' : 'messageTooLong', { count: text.length - MAX_MESSAGE_LENGTH })}</FieldError>}
        {error && <FieldError>{error}</FieldError>}
        {sendWhenUploaded && (
          <span className={styles.composerHint} role="status">
            {t('sendWhenUploaded')}
          </span>
        )}
      </div>
    </form>
  );
}
