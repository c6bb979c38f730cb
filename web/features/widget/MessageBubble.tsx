'use client';

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
  if (message.authorKind === 'system') {
    return (
      <li className={styles.systemMessage}>
        <MessageText text={message.text} />
      </li>
    );
  }

  const own = message.authorKind === 'client';
  const author = own ? 'You' : message.authorKind === 'operator' ? (message.authorName ?? 'Operator') : 'Automatic reply';
  const time = formatMessageTime(message.createdAt);

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
          <span className={styles.visuallyHidden}>{author}: </span>
          <MessageText text={message.text} />
          {message.extras.attachments?.length ? (
            <ul className={styles.attachments} aria-label="Attachments">
              {message.extras.attachments.map((file) => (
                <li key={file.url || file.name}>
                  {file.url === '' ? (
                    // Still uploading: no link yet.
                    <span className={styles.attachmentPending}>
                      <PaperclipIcon size={14} /> {file.name}
                    </span>
                  ) : (
                    <a href={file.url} target="_blank" rel="noopener noreferrer nofollow" title={`Open ${file.name}`}>
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
            <span>Sending…</span>
          ) : message.delivery === 'failed' ? (
            <span className={styles.failed} role="alert">
              {message.error ?? 'Not sent.'}
              {message.retryable ? (
                <button type="button" className={styles.retryButton} onClick={() => onRetry(message.key)}>
                  <RetryIcon /> Retry
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
