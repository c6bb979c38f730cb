'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Clock, FileText } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { useEffect, useState } from 'react';
import { useTRPC } from '../trpc/client';
import { errorMessage } from '../trpc/errors';
import { Button, FieldError } from '../ui';
import styles from './inbox.module.css';
import { newClientMessageId } from './client-message-id';
import { useFormatLimit } from './event-labels';
import type { DialogView } from './types';

/**
 * SPEC §5 messenger rules above the reply box: the time left in the channel's reply window while
 * it is open, and once it is closed (the box is then disabled with the reason) the button that
 * sends the channel's approved template instead.
 */
export function ReplyWindowNotice({ view }: { view: DialogView }) {
  const replyWindow = view.replyWindow;
  const now = useMinuteClock();
  const t = useTranslations('inbox.replyWindow');
  const formatLimit = useFormatLimit();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.dialogs.get.queryKey({ dialogId: view.id }) });
  const [error, setError] = useState<string | null>(null);
  const template = useMutation(
    trpc.dialogs.sendTemplate.mutationOptions({
      onMutate: () => setError(null),
      onSuccess: refresh,
      onError: (failure) => setError(errorMessage(failure)),
    }),
  );
  const expired = replyWindow?.state === 'open' && replyWindow.until.getTime() <= now.getTime();
  // The window just ran out here: the server's view disables the box and offers the template.
  useEffect(() => {
    if (expired) void refresh();
  }, [expired]);

  // "2 h 5 min", or "less than a minute" (domain/reply-window.ts has the English one for the API).
  const timeLeft = (until: Date, at: Date) => {
    const minutes = Math.floor((until.getTime() - at.getTime()) / 60_000);
    return minutes < 1 ? t('lessThanMinute') : formatLimit(minutes);
  };

  if (!replyWindow || view.status === 'closed') return null;
  if (replyWindow.state === 'open') {
    return (
      <p className={styles.composerBlockedHint} role="note" data-testid="reply-window">
        <Clock size={13} aria-hidden /> {t('open', { left: timeLeft(replyWindow.until, now), channel: view.channel.name })}
      </p>
    );
  }
  return (
    <div className={styles.composerBlockedHint} role="note" data-testid="reply-window">
      {view.permissions.canSendTemplate && replyWindow.template ? (
        <Button size="sm" icon={<FileText size={14} />} loading={template.isPending} onClick={() => template.mutate({ dialogId: view.id, clientMessageId: newClientMessageId() })}>
          {t('sendTemplate', { name: replyWindow.template.name })}
        </Button>
      ) : (
        !replyWindow.template && <span>{t('noTemplate')}</span>
      )}
      {error && <FieldError>{error}</FieldError>}
    </div>
  );
}

function useMinuteClock(): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 30_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}
