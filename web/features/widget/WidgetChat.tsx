'use client';

import { useEffect, useSyncExternalStore, type CSSProperties } from 'react';
import { ChatUnavailable } from './ChatUnavailable';
import { Composer } from './Composer';
import { CloseIcon } from './icons';
import { MessageList } from './MessageList';
import { QueueStatus } from './QueueStatus';
import { postToParent, useWidgetChat } from './use-widget-chat';
import styles from './widget.module.css';

interface WidgetChatProps {
  channelKey: string;
  title: string;
  /** The channel's accent colour (#rrggbb), already validated on the server. */
  color: string | null;
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

export function WidgetChat({ channelKey, title, color }: WidgetChatProps) {
  const { state, send, retry, rate } = useWidgetChat(channelKey);
  const embedded = useIsEmbedded();

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
      ? 'Connecting…'
      : state.live === 'reconnecting'
        ? 'Reconnecting…'
        : 'We typically reply in a few minutes';

  const style = color ? ({ '--ol-accent': color } as CSSProperties) : undefined;

  return (
    <div className={styles.root} style={style}>
      <header className={styles.header}>
        <div className={styles.headerText}>
          <h1 className={styles.title}>{title}</h1>
          <p className={styles.status} role="status" data-state={state.phase === 'ready' ? state.live : 'connecting'}>
            <span className={styles.statusDot} aria-hidden="true" />
            {status}
          </p>
        </div>
        {embedded ? (
          <button type="button" className={styles.closeButton} onClick={() => postToParent({ type: 'openlines:close' })} aria-label="Close chat">
            <CloseIcon />
          </button>
        ) : null}
      </header>
      {state.phase === 'unavailable' ? (
        <ChatUnavailable />
      ) : (
        <>
          <MessageList state={state} onRetry={retry} onRate={rate} onChoose={send} />
          <QueueStatus dialog={state.dialog} />
          <Composer disabled={state.phase !== 'ready'} onSend={send} />
        </>
      )}
      <footer className={styles.footer}>
        Powered by <span className={styles.brand}>Openlines</span>
      </footer>
    </div>
  );
}
