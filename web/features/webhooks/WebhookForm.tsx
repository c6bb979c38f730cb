'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useId, useState, type FormEvent } from 'react';
import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from '../../../domain/webhooks';
import adminStyles from '../admin/admin.module.css';
import { useTRPC } from '../trpc/client';
import { errorMessage, fieldErrorsOf } from '../trpc/errors';
import { Alert, Button, Field, FieldError, Input, Switch, useToast } from '../ui';
import styles from './webhooks.module.css';

export interface EditedWebhook {
  id: number;
  url: string;
  description: string;
  events: WebhookEventType[];
  active: boolean;
}

/** Add or edit a webhook; a new one answers with its signing secret, handed to `onCreated` to show once. */
export function WebhookForm({ webhook, onDone, onCreated }: { webhook?: EditedWebhook; onDone: () => void; onCreated: (secret: string) => void }) {
  const t = useTranslations('webhooks');
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const eventsLegendId = useId();
  const [url, setUrl] = useState(webhook?.url ?? '');
  const [description, setDescription] = useState(webhook?.description ?? '');
  const [events, setEvents] = useState<WebhookEventType[]>(webhook?.events ?? ['dialog.started', 'dialog.closed']);
  const [active, setActive] = useState(webhook?.active ?? true);

  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.webhooks.list.queryKey() });
  const create = useMutation(
    trpc.webhooks.create.mutationOptions({
      onSuccess: async (result) => {
        await refresh();
        onCreated(result.secret);
        onDone();
      },
    }),
  );
  const update = useMutation(
    trpc.webhooks.update.mutationOptions({
      onSuccess: async () => {
        await refresh();
        toast({ tone: 'success', title: t('form.saved') });
        onDone();
      },
    }),
  );
  const saving = create.isPending || update.isPending;
  const error = create.error ?? update.error;
  const fieldErrors = fieldErrorsOf(error);
  const fieldError = (name: string) => fieldErrors[name]?.[0] ?? null;
  const otherError = error && Object.keys(fieldErrors).length === 0 ? errorMessage(error) : null;
  const eventsError = fieldError('events');

  function submit(event: FormEvent) {
    event.preventDefault();
    const input = { url: url.trim(), description, events, active };
    if (webhook) update.mutate({ id: webhook.id, ...input });
    else create.mutate(input);
  }

  const toggle = (type: WebhookEventType, on: boolean) => setEvents((current) => (on ? WEBHOOK_EVENT_TYPES.filter((e) => e === type || current.includes(e)) : current.filter((e) => e !== type)));

  return (
    <form className={styles.form} onSubmit={submit} aria-label={webhook ? t('form.editTitle') : t('form.addTitle')} noValidate>
      <h2 className={styles.formTitle}>{webhook ? t('form.editTitle') : t('form.addTitle')}</h2>
      <div className={adminStyles.grid2}>
        <Field label={t('form.url')} hint={t('form.urlHint')} error={fieldError('url')}>
          {(control) => <Input {...control} type="url" inputMode="url" value={url} onChange={(e) => setUrl(e.target.value)} placeholder={t('form.urlPlaceholder')} autoFocus required />}
        </Field>
        <Field label={t('form.descriptionLabel')} error={fieldError('description')}>
          {(control) => <Input {...control} value={description} onChange={(e) => setDescription(e.target.value)} placeholder={t('form.descriptionPlaceholder')} maxLength={200} />}
        </Field>
      </div>
      <fieldset className={styles.events} aria-describedby={eventsError ? `${eventsLegendId}-error` : undefined}>
        <legend id={eventsLegendId}>{t('form.events')}</legend>
        <div className={styles.eventGrid}>
          {WEBHOOK_EVENT_TYPES.map((type) => (
            <label key={type} className={adminStyles.checkbox}>
              <input type="checkbox" checked={events.includes(type)} onChange={(e) => toggle(type, e.target.checked)} />
              <span>
                {t(`events.${type}`)} <code className={styles.code}>{type}</code>
              </span>
            </label>
          ))}
        </div>
        {eventsError && <FieldError id={`${eventsLegendId}-error`}>{eventsError}</FieldError>}
      </fieldset>
      <Switch checked={active} onChange={setActive} label={t('form.active')} />
      {otherError && (
        <Alert tone="error" role="alert">
          {t('form.saveFailed', { message: otherError })}
        </Alert>
      )}
      <div className={styles.formButtons}>
        <Button type="submit" variant="primary" loading={saving}>
          {webhook ? t('form.save') : t('form.create')}
        </Button>
        <Button onClick={onDone} disabled={saving}>
          {t('form.cancel')}
        </Button>
      </div>
    </form>
  );
}
