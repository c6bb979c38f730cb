'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Volume2 } from 'lucide-react';
import type { NotificationSettings as Settings } from '../../../domain/notifications';
import { useTRPC } from '../trpc/client';
import { errorMessage } from '../trpc/errors';
import { Alert, Button, Skeleton, Switch, useToast } from '../ui';
import { playAlertSound, type DesktopPermission } from './browser-notifications';
import styles from './notifications.module.css';

const eventLabels: Record<keyof Settings['events'], string> = {
  offer: 'A dialog is offered to me',
  clientMessage: 'A client writes in my dialog',
  kpiAlert: 'A KPI alert (an answer is overdue)',
};

/**
 * The user's notification settings, from the bell (SPEC §5): stored on the server per user, saved
 * at each change. The browser's permission is asked from the "Allow" click, as browsers require.
 */
export function NotificationSettingsForm({ permission, onAllow }: { permission: DesktopPermission; onAllow: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
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
        toast({ tone: 'error', title: 'Could not save the notification settings', description: errorMessage(error) });
      },
      onSuccess: (saved) => queryClient.setQueryData(key, saved),
    }),
  );

  if (settings.status === 'pending') return <Skeleton height={160} />;
  if (settings.status === 'error') {
    return (
      <Alert tone="error" role="alert">
        Could not load the settings. {errorMessage(settings.error)}
      </Alert>
    );
  }
  const current = settings.data;
  const change = (next: Settings) => save.mutate(next);

  return (
    <div className={styles.settings}>
      <fieldset className={styles.fieldset}>
        <legend>How</legend>
        <Switch checked={current.desktop} onChange={(desktop) => change({ ...current, desktop })} label="Desktop notifications" describedBy="notify-desktop-hint" />
        <p id="notify-desktop-hint" className={styles.hint}>
          {permission === 'granted' && 'Shown while the inbox is in another tab or window; a click opens the dialog.'}
          {permission === 'default' && 'Your browser has not allowed them for this site yet.'}
          {permission === 'denied' && 'Blocked by the browser: allow notifications for this site in its settings.'}
          {permission === 'unsupported' && 'This browser does not show desktop notifications; the bell still does.'}
        </p>
        {permission === 'default' && current.desktop && (
          <Button size="sm" variant="secondary" onClick={onAllow}>
            Allow in this browser
          </Button>
        )}
        <Switch checked={current.sound} onChange={(sound) => change({ ...current, sound })} label="Sound" />
        <Button size="sm" variant="ghost" icon={<Volume2 size={14} aria-hidden />} onClick={playAlertSound}>
          Play the sound
        </Button>
      </fieldset>
      <fieldset className={styles.fieldset}>
        <legend>Notify me when</legend>
        {(Object.keys(eventLabels) as (keyof Settings['events'])[]).map((event) => (
          <Switch
            key={event}
            checked={current.events[event]}
            onChange={(on) => change({ ...current, events: { ...current.events, [event]: on } })}
            label={eventLabels[event]}
          />
        ))}
      </fieldset>
    </div>
  );
}
