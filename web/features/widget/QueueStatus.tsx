'use client';

import { useTranslations } from 'next-intl';
import type { WidgetDialogState } from '../../server/channels/widget/schemas';
import { queueStatusText } from './format';
import styles from './widget.module.css';

/**
 * While the visitor's dialog waits in the queue: their place and a rough wait, above the composer.
 * The live region stays mounted (empty otherwise) so screen readers announce each change politely.
 */
export function QueueStatus({ dialog }: { dialog: WidgetDialogState | null }) {
  const t = useTranslations('widget');
  const queue = dialog?.status === 'queued' ? dialog.queue : null;
  return (
    <p className={styles.queueStatus} aria-live="polite" aria-atomic="true">
      {queue ? queueStatusText(queue, t) : null}
    </p>
  );
}
