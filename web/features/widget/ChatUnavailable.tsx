import { useTranslations } from 'next-intl';
import { ChatIcon } from './icons';
import styles from './widget.module.css';

/** Shown for an unknown or removed channel key: nothing to chat with, and nothing to retry. */
export function ChatUnavailable() {
  const t = useTranslations('widget.unavailable');
  return (
    <div className={styles.unavailable} role="alert">
      <div className={styles.unavailableIcon}>
        <ChatIcon size={28} />
      </div>
      <h1 className={styles.unavailableTitle}>{t('title')}</h1>
      <p className={styles.unavailableText}>{t('text')}</p>
    </div>
  );
}
