'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Volume2 } from 'lucide-react';
import { useTranslations } from 'next-intl';
import type { NotificationSettings as Settings } from '../../../domain/notifications';
import { useTRPC } from '../trpc/client';
import { errorMessage } from '../trpc/errors';
import { Alert, Button, Skeleton, Switch, useToast } from '../ui';
import { playAlertSound, type DesktopPermission } from './browser-notifications';
import styles from './notifications.module.css';

const events: (keyof Settings['events'])[] = ['offer', 'clientMessage', 'kpiAlert'];

/**
 * The user's notification settings, from the bell (SPEC §5): stored on the server per user, saved
 * at each change. The browser's permission is asked from the "Allow" click, as browsers require.
 */
export function NotificationSettingsForm({ permission, onAllow }: { permission: DesktopPermission; onAllow: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const t = useTranslations('inbox.notificationSettings');
  const settings = useQuery(trpc.notifications.settings.queryOptions());
  const key = trpc.notifications.settings.queryKey();
  const save = useMutation(
    trpc.notifications.updateSettings.mutationOptions({
      onMutate: (next) => {
        const previous = queryClient.getQueryData(key);
        queryClient.setQueryData(key, next);
        return { previous };
      },
      onError: (error, _next, context) => {
        queryClient.setQueryData(key, context?.previous);
        toast({ tone: 'error', title: t('saveFailed'), description: errorMessage(error) });
      },
      onSuccess: (saved) => queryClient.setQueryData(key, saved),
    }),
  );

  if (settings.status === 'pending') return <Skeleton height={160} />;
  if (settings.status === 'error') {
    return (
      <Alert tone="error" role="alert">
        {t('loadFailed')} {errorMessage(settings.error)}
      </Alert>
    );
  }
  const current = settings.data;
  const change = (next: Settings) => save.mutate(next);

  return (
    <div className={styles.settings}>
      <fieldset className={styles.fieldset}>
        <legend>{t('how')}</legend>
        <Switch checked={current.desktop} onChange={(desktop) => change({ ...current, desktop })} label={t('desktop')} describedBy="notify-desktop-hint" />
        <p id="notify-desktop-hint" className={styles.hint}>
          {t(`permission.${permission}`)}
        </p>
        {permission === 'default' && current.desktop && (
          <Button size="sm" variant="secondary" onClick={onAllow}>
            {t('allow')}
          </Button>
        )}
        <Switch checked={current.sound} onChange={(sound) => change({ ...current, sound })} label={t('sound')} />
        <Button size="sm" variant="ghost" icon={<Volume2 size={14} aria-hidden />} onClick={playAlertSound}>
          {t('play')}
        </Button>
      </fieldset>
      <fieldset className={styles.fieldset}>
        <legend>{t('when')}</legend>
        {events.map((event) => (
          <Switch
            key={event}
            checked={current.events[event]}
            onChange={(on) => change({ ...current, events: { ...current.events, [event]: on } })}
            label={t(`events.${event}`)}
          />
        ))}
      </fieldset>
    </div>
  );
}
