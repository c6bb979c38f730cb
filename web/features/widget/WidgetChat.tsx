'use client';

import { useTranslations } from 'next-intl';
import { useEffect, useState, useSyncExternalStore, type CSSProperties } from 'react';
import type { Locale } from '../../../domain/locale';
import type { WidgetChannelInfo, WidgetForm } from '../../server/channels/widget/schemas';
import type { ChatState } from './chat-state';
import { ChatUnavailable } from './ChatUnavailable';
import { Composer } from './Composer';
import { CloseIcon } from './icons';
import { MessageList } from './MessageList';
import { QueueStatus } from './QueueStatus';
import { postToParent, useWidgetChat, type FormAnswers } from './use-widget-chat';
import { VisitorForm } from './VisitorForm';
import styles from './widget.module.css';

interface WidgetChatProps {
  /** The channel's settings as the server read them (title, colour, greeting, pre-chat questions). */
  channel: WidgetChannelInfo;
  /** The chat's language (the page's `lang` is the staff app's; the chat states its own). */
  locale?: Locale;
}

const noSubscription = () => () => undefined;

/** Inside widget.js's iframe the header gets a close button that asks the host page to close the panel. */
function useIsEmbedded(): boolean {
  return useSyncExternalStore(
    noSubscription,
    () => window.parent !== window,
    () => false,
  );
}

/**
 * Which form stands in for the message box: the offline form while nobody can answer live and the
 * visitor has no open dialog; the pre-chat form before their first message if the chat asks
 * anything; else none. Once a form was sent this page shows the chat.
 */
function formToShow(state: ChatState, channel: WidgetChannelInfo, formSent: boolean): WidgetForm | null {
  if (state.phase !== 'ready' || !state.historyLoaded || formSent) return null;
  const openDialog = state.dialog !== null && state.dialog.status !== 'closed';
  if (state.offline !== null && !openDialog && !state.messages.some((m) => m.id === null)) return 'offline';
  return asksBeforeChat(channel) && state.messages.length === 0 ? 'prechat' : null;
}

function asksBeforeChat(channel: WidgetChannelInfo): boolean {
  return Object.values(channel.prechat).some((ask) => ask !== 'off');
}

export function WidgetChat({ channel, locale }: WidgetChatProps) {
  const { title, color } = channel;
  const t = useTranslations('widget.header');
  const { state, operatorTyping, send, sendFile, typing, retry, rate } = useWidgetChat(channel.key);
  const embedded = useIsEmbedded();
  const [sentForm, setSentForm] = useState<WidgetForm | null>(null);
  const form = formToShow(state, channel, sentForm !== null);
  const sendForm = (text: string, answers: FormAnswers) => {
    setSentForm(answers.form);
    send(text, answers);
  };

  useEffect(() => {
    if (!embedded) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === 'Escape') postToParent({ type: 'openlines:close' });
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [embedded]);

  const status =
    state.phase !== 'ready'
      ? t('connecting')
      : state.live === 'reconnecting'
        ? t('reconnecting')
        : state.offline === 'out_of_hours'
          ? t('closed')
          : state.offline === 'nobody_available'
            ? t('away')
            : t('replyTime');

  const style = color ? ({ '--ol-accent': color } as CSSProperties) : undefined;
  const poweredBy = t.rich('poweredBy', { brand: (chunks) => <span className={styles.brand}>{chunks}</span> });

  return (
    <div className={styles.root} style={style} lang={locale}>
      <header className={styles.header}>
        <div className={styles.headerText}>
          <h1 className={styles.title}>{title}</h1>
          <p className={styles.status} role="status" data-state={state.phase === 'ready' ? state.live : 'connecting'}>
            <span className={styles.statusDot} aria-hidden="true" />
            {status}
          </p>
        </div>
        {embedded ? (
          <button type="button" className={styles.closeButton} onClick={() => postToParent({ type: 'openlines:close' })} aria-label={t('close')}>
            <CloseIcon />
          </button>
        ) : null}
      </header>
      {state.phase === 'unavailable' ? (
        <ChatUnavailable />
      ) : (
        <>
          <MessageList state={state} greeting={channel.greeting} onRetry={retry} onRate={rate} onChoose={send} />
          <p className={styles.typing} role="status">
            {operatorTyping ? t('operatorTyping') : ''}
          </p>
          <QueueStatus dialog={state.dialog} />
          {sentForm === 'offline' ? (
            <p className={styles.offlineNote} role="status">
              {t('offlineThanks')}
            </p>
          ) : null}
          {form ? (
            <VisitorForm form={form} prechat={channel.prechat} offline={state.offline} onSend={sendForm} />
          ) : (
            <Composer
              // Until the history says whether this visitor wrote before, a form may still be due.
              disabled={state.phase !== 'ready' || (!state.historyLoaded && (asksBeforeChat(channel) || state.offline !== null))}
              onSend={send}
              onSendFile={sendFile}
              onTyping={typing}
            />
          )}
        </>
      )}
      <footer className={styles.footer}>
        {poweredBy}
      </footer>
    </div>
  );
}
