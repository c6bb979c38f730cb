'use client';

import { useFormatter, useTranslations } from 'next-intl';
import { isPreviewableImage } from '../../../domain/files';
import type { ChatMessage } from './chat-state';
import { formatMessageTime, initialsOf, splitLinks } from './format';
import { BotIcon, PaperclipIcon, RetryIcon } from './icons';
import styles from './widget.module.css';

interface MessageBubbleProps {
  message: ChatMessage;
  /** First of consecutive messages by the same author: shows who wrote it. */
  showAuthor: boolean;
  onRetry(clientMessageId: string): void;
}

function MessageText({ text }: { text: string }) {
  return (
    <>
      {splitLinks(text).map((part, i) =>
        part.href ? (
          <a key={i} href={part.href} target="_blank" rel="noopener noreferrer nofollow">
            {part.text}
          </a>
        ) : (
          <span key={i}>{part.text}</span>
        ),
      )}
    </>
  );
}

export function MessageBubble({ message, showAuthor, onRetry }: MessageBubbleProps) {
  const t = useTranslations('widget.message');
  const format = useFormatter();
  if (message.authorKind === 'system') {
    return (
      <li className={styles.systemMessage}>
        <MessageText text={message.text} />
      </li>
    );
  }

  const own = message.authorKind === 'client';
  const author = own ? t('you') : message.authorKind === 'operator' ? (message.authorName ?? t('operator')) : t('bot');
  const time = formatMessageTime(message.createdAt, format);

  return (
    <li className={own ? styles.rowOwn : styles.rowTheirs} data-grouped={showAuthor ? undefined : 'true'}>
      {!own ? (
        <div className={styles.avatar} aria-hidden="true" data-hidden={showAuthor ? undefined : 'true'} data-kind={message.authorKind}>
          {message.authorKind === 'operator' ? initialsOf(author) : <BotIcon />}
        </div>
      ) : null}
      <div className={styles.messageColumn}>
        {showAuthor && !own ? <div className={styles.authorName}>{author}</div> : null}
        <div className={own ? styles.bubbleOwn : styles.bubbleTheirs} data-failed={message.delivery === 'failed' ? 'true' : undefined}>
          <span className={styles.visuallyHidden}>{t('said', { author })} </span>
          <MessageText text={message.text} />
          {message.extras.attachments?.length ? (
            <ul className={styles.attachments} aria-label={t('attachments')}>
              {message.extras.attachments.map((file) => (
                <li key={file.url || file.name}>
                  {file.url === '' ? (
                    // Still uploading: no link yet.
                    <span className={styles.attachmentPending}>
                      <PaperclipIcon size={14} /> {file.name}
                    </span>
                  ) : (
                    <a href={file.url} target="_blank" rel="noopener noreferrer nofollow" title={t('openFile', { name: file.name })}>
                      {isPreviewableImage(file.mimeType) ? (
                        <img src={file.url} alt={file.name} loading="lazy" className={styles.attachmentImage} />
                      ) : (
                        <>
                          <PaperclipIcon size={14} /> {file.name}
                        </>
                      )}
                    </a>
                  )}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
        <div className={styles.meta}>
          {message.delivery === 'sending' ? (
            <span>{t('sending')}</span>
          ) : message.delivery === 'failed' ? (
            <span className={styles.failed} role="alert">
              {message.error ?? t('notSent')}
              {message.retryable ? (
                <button type="button" className={styles.retryButton} onClick={() => onRetry(message.key)}>
                  <RetryIcon /> {t('retry')}
                </button>
              ) : null}
            </span>
          ) : (
            <time dateTime={message.createdAt}>{time}</time>
          )}
        </div>
      </div>
    </li>
  );
}
