'use client';

import { useTranslations } from 'next-intl';
import { Fragment, useLayoutEffect } from 'react';
import type { RatingValue } from '../../../domain/dialog';
import { useStickToBottom } from '../ui/useStickToBottom';
import type { ChatState } from './chat-state';
import { ChatIcon } from './icons';
import { MessageBubble } from './MessageBubble';
import { RatingPrompt } from './RatingPrompt';
import styles from './widget.module.css';

interface MessageListProps {
  state: ChatState;
  /** The chat's greeting, shown before the first message; the default wording when null. */
  greeting?: string | null;
  onRetry(clientMessageId: string): void;
  onRate(rating: RatingValue): void;
  onChoose(text: string): void;
}

/** The conversation, oldest first, with a divider where a new dialog began and the rating control in place. */
export function MessageList({ state, greeting = null, onRetry, onRate, onChoose }: MessageListProps) {
  const t = useTranslations('widget.list');
  const { scrollRef, onScroll, scrollToBottom } = useStickToBottom();
  const { messages, dialog } = state;
  const last = messages.at(-1);

  // The visitor's own message always scrolls into view; others only while they read the latest.
  useLayoutEffect(() => {
    scrollToBottom({ force: last?.authorKind === 'client' });
  }, [messages.length, last?.key, last?.authorKind, dialog?.ratingPending, dialog?.rated, scrollToBottom]);

  const ratingMessageKey = (() => {
    if (!dialog?.ratingRequested) return null;
    const request = messages.findLast((m) => m.dialogId === dialog.dialogId && m.extras.ratingRequest);
    return request?.key ?? null;
  })();
  const showRating = dialog !== null && (dialog.ratingPending || dialog.rated);
  // Bot choice buttons make sense only while they are the latest thing said.
  const choices = last && last.authorKind === 'bot' && !last.extras.ratingRequest ? (last.extras.buttons ?? []) : [];

  return (
    <div
      ref={scrollRef}
      className={styles.scroller}
      onScroll={onScroll}
    >
      {state.phase !== 'ready' ? (
        <div className={styles.placeholder} role="status">
          {state.phase === 'offline' ? t('offline') : t('connecting')}
        </div>
      ) : messages.length === 0 ? (
        <div className={styles.emptyState}>
          <div className={styles.emptyIcon}>
            <ChatIcon size={28} />
          </div>
          <h2 className={styles.emptyTitle}>{t('emptyTitle')}</h2>
          <p className={styles.emptyText}>
            {greeting ?? t('emptyText')}
          </p>
        </div>
      ) : null}
      <div role="log" aria-live="polite" aria-relevant="additions" aria-label={t('conversation')}>
        <ol className={styles.messages}>
          {messages.map((message, index) => {
            const previous = messages[index - 1];
            const newDialog = previous?.dialogId != null && message.dialogId != null && message.dialogId !== previous.dialogId;
            const showAuthor =
              newDialog ||
              !previous ||
              previous.authorKind !== message.authorKind ||
              previous.authorName !== message.authorName ||
              previous.authorKind === 'system';
            return (
              <Fragment key={message.key}>
                {newDialog ? (
                  <li className={styles.divider} role="separator" aria-label={t('newConversation')}>
                    <span>{t('newConversation')}</span>
                  </li>
                ) : null}
                <MessageBubble message={message} showAuthor={showAuthor} onRetry={onRetry} />
                {message.key === ratingMessageKey && showRating && dialog.ratingScale ? (
                  <li className={styles.ratingRow}>
                    <RatingPrompt
                      scale={dialog.ratingScale}
                      rated={dialog.rated}
                      rating={dialog.rating}
                      submitting={state.rating.submitting}
                      error={state.rating.error}
                      onRate={onRate}
                    />
                  </li>
                ) : null}
              </Fragment>
            );
          })}
        </ol>
      </div>
      {choices.length > 0 ? (
        <div className={styles.choices} role="group" aria-label={t('suggestedReplies')}>
          {choices.map((choice) => (
            <button key={choice.id} type="button" className={styles.choice} onClick={() => onChoose(choice.label)}>
              {choice.label}
            </button>
          ))}
        </div>
      ) : null}
    </div>
  );
}
