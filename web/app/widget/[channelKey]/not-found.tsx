import { ChatUnavailable } from '../../../features/widget/ChatUnavailable';
import styles from '../../../features/widget/widget.module.css';

export default function WidgetNotFound() {
  return (
    <div className={styles.root}>
      <ChatUnavailable />
    </div>
  );
}
