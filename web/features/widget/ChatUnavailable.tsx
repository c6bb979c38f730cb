import { ChatIcon } from './icons';
import styles from './widget.module.css';

/** Shown for an unknown or removed channel key: nothing to chat with, and nothing to retry. */
export function ChatUnavailable() {
  return (
    <div className={styles.unavailable} role="alert">
      <div className={styles.unavailableIcon}>
        <ChatIcon size={28} />
      </div>
      <h1 className={styles.unavailableTitle}>This chat is not available</h1>
      <p className={styles.unavailableText}>
        The chat you are looking for does not exist or has been switched off. Please contact the website owner another way.
      </p>
    </div>
  );
}
