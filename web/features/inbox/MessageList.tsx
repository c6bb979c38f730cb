'use client';

import { useMutationState } from '@tanstack/react-query';
import { CircleAlert, Lock } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { Fragment, useEffect, useLayoutEffect } from 'react';
import { useTRPC } from '../trpc/client';
import { cx, useStickToBottom } from '../ui';
import { dayKey, useInboxFormat } from './format';
import styles from './inbox.module.css';
import fileStyles from './attachments.module.css';
import { MessageAttachments } from './MessageAttachments';
import type { DialogMessage, DialogView } from './types';

export function MessageList({ view }: { view: DialogView }) {
  const trpc = useTRPC();
  const { scrollRef, onScroll, scrollToBottom } = useStickToBottom();
  const t = useTranslations('inbox.messages');
  const format = useInboxFormat();
  // A reply in flight is shown at once, faded, until the stored message arrives.
  const sending = useMutationState({
    filters: { mutationKey: trpc.dialogs.reply.mutationKey(), status: 'pending' },
    select: (mutation) => mutation.state.variables as SendingReply | undefined,
  }).filter((v): v is SendingReply => v?.dialogId === view.id);

  // Another dialog opens at its latest message; new messages scroll into view while the reader is there.
  useLayoutEffect(() => {
    scrollToBottom({ force: true });
  }, [view.id, scrollToBottom]);

  useEffect(() => {
    scrollToBottom({ smooth: true });
  }, [view.messages.length, sending.length, scrollToBottom]);

  return (
    <div
      ref={scrollRef}
      className={styles.messages}
      onScroll={onScroll}
      tabIndex={0}
      role="log"
      aria-live="polite"
      aria-relevant="additions"
      aria-label={t('label', { name: view.contact.label })}
    >
      <div className={styles.messagesInner}>
        {view.messages.length === 0 && <p className={cx(styles.muted)} style={{ textAlign: 'center' }}>
            {t('none')}
          </p>}
        {view.messages.map((message, index) => {
          const previous = view.messages[index - 1];
          const newDay = !previous || dayKey(previous.createdAt) !== dayKey(message.createdAt);
          return (
            <Fragment key={message.id}>
              {newDay && (
                <div className={styles.daySeparator} role="separator">
                  {format.day(message.createdAt)}
                </div>
              )}
              <MessageBubble message={message} clientLabel={view.contact.label} />
            </Fragment>
          );
        })}
        {sending.map((reply, i) => (
          <div key={`sending-${i}`} className={cx(styles.message, styles.fromStaff, styles.operator, styles.pending)}>
            {reply.text.trim() && <div className={styles.bubble}>{reply.text.trim()}</div>}
            <div className={styles.messageMeta}>{reply.fileIds?.length ? t('sendingFiles', { count: reply.fileIds.length }) : t('sending')}</div>
          </div>
        ))}
      </div>
    </div>
  );
}

type SendingReply = { dialogId: number; text: string; fileIds?: number[] };

/** The text, when there is one (a message may be files only), then its files. */
function MessageBody({ message, className, filesClassName }: { message: DialogMessage; className?: string; filesClassName?: string }) {
  return (
    <>
      {(message.text || message.attachments.length === 0) && <div className={cx(styles.bubble, className)}>{message.text}</div>}
      <div className={filesClassName}>
        <MessageAttachments files={message.attachments} />
      </div>
    </>
  );
}

function MessageBubble({ message, clientLabel }: { message: DialogMessage; clientLabel: string }) {
  const t = useTranslations('inbox.messages');
  const format = useInboxFormat();
  const time = (
    <time dateTime={message.createdAt.toISOString()} title={format.dateTime(message.createdAt)}>
      {format.time(message.createdAt)}
    </time>
  );
  if (message.authorKind === 'system') {
    return (
      <div className={cx(styles.message, styles.fromSystem)}>
        <div className={styles.bubble}>
          {message.text} · {time}
        </div>
      </div>
    );
  }
  if (message.authorKind === 'client') {
    return (
      <div className={cx(styles.message, styles.fromClient)}>
        <span className="visually-hidden">{t('wrote', { name: clientLabel })}</span>
        <MessageBody message={message} />
        <div className={styles.messageMeta}>{time}</div>
      </div>
    );
  }
  const kind = message.hidden ? styles.note : message.authorKind === 'bot' ? styles.bot : styles.operator;
  const author = message.authorKind === 'bot' ? t('bot') : (message.authorName ?? t('operator'));
  const failed = !message.hidden && message.deliveryStatus === 'failed';
  return (
    <div className={cx(styles.message, styles.fromStaff, kind)}>
      <span className="visually-hidden">{message.hidden ? t('noteBy', { name: author }) : t('wrote', { name: author })}</span>
      <MessageBody message={message} className={failed ? fileStyles.undelivered : undefined} filesClassName={fileStyles.fromStaffFiles} />
      <div className={styles.messageMeta}>
        {message.hidden && (
          <span className={styles.noteLabel}>
            <Lock size={11} aria-hidden /> {t('note')}
          </span>
        )}
        <span>{author}</span>
        <span aria-hidden>·</span>
        {time}
        {!message.hidden && (
          <>
            <span aria-hidden>·</span>
            <span className={failed ? styles.failed : undefined}>{t(`delivery.${message.deliveryStatus}`)}</span>
          </>
        )}
      </div>
      {failed && (
        <p className={fileStyles.deliveryFailure}>
          <CircleAlert size={13} aria-hidden />
          <span>
            {message.deliveryError ? t('notDeliveredBecause', { error: message.deliveryError }) : t('notDelivered')}
          </span>
        </p>
      )}
    </div>
  );
}
