'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { inferRouterOutputs } from '@trpc/server';
import { Plus, X } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { useState, type FormEvent } from 'react';
import { leadStatusSchema, MAX_TAG_LENGTH, type LeadStatus } from '../../../domain/crm';
import type { AppRouter } from '../../server/trpc/routers/_app';
import { useTRPC } from '../trpc/client';
import { errorMessage, fieldErrorsOf } from '../trpc/errors';
import { Badge, Button, Field, Input, Select, useToast } from '../ui';
import styles from './ContactCard.module.css';

type Card = inferRouterOutputs<AppRouter>['contacts']['card'];

/** The card as each contact tool's mutation returns it: shown at once, the dialog's history refetched. */
function useCardUpdate(dialogId: number, success: string) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const t = useTranslations('inbox.contact');
  return {
    onSuccess: (card: Card) => {
      queryClient.setQueryData(trpc.contacts.card.queryKey({ dialogId }), card);
      void queryClient.invalidateQueries({ queryKey: trpc.dialogs.get.queryKey({ dialogId }) });
      toast({ tone: 'success', title: success });
    },
    onError: (error: unknown) => toast({ tone: 'error', title: t('notSaved'), description: errorMessage(error) }),
  };
}

/** "Blocked" with an Unblock button for whoever may lift it (the dialog's operator, supervisors). */
export function BlockedStatus({ dialogId, card }: { dialogId: number; card: Card }) {
  const trpc = useTRPC();
  const t = useTranslations('inbox.contact');
  const unblock = useMutation(trpc.contacts.unblock.mutationOptions(useCardUpdate(dialogId, t('unblocked'))));
  return (
    <span className={styles.tags}>
      <Badge tone="red">{t('blocked')}</Badge>
      {card.permissions.canUnblock && (
        <Button size="sm" variant="ghost" loading={unblock.isPending} onClick={() => unblock.mutate({ dialogId })}>
          {t('unblock')}
        </Button>
      )}
    </span>
  );
}

/** The client's tags: each removable, a new one added from the field (Enter). */
export function TagEditor({ dialogId, card }: { dialogId: number; card: Card }) {
  const trpc = useTRPC();
  const [draft, setDraft] = useState('');
  const t = useTranslations('inbox.contact');
  const save = useMutation(trpc.contacts.setTags.mutationOptions(useCardUpdate(dialogId, t('tagsSaved'))));
  const errors = fieldErrorsOf(save.error);
  const error = Object.entries(errors).find(([field]) => field.startsWith('tags'))?.[1].join(' ') ?? null;
  const add = (event: FormEvent) => {
    event.preventDefault();
    if (draft.trim() === '') return;
    save.mutate({ dialogId, tags: [...card.tags, draft] }, { onSuccess: () => setDraft('') });
  };
  return (
    <div className={styles.tagEditor}>
      {card.tags.length > 0 && (
        <ul className={styles.tags} aria-label={t('tags')}>
          {card.tags.map((tag) => (
            <li key={tag}>
              <Badge>
                {tag}
                <button
                  type="button"
                  className={styles.removeTag}
                  aria-label={t('removeTag', { tag })}
                  disabled={save.isPending}
                  onClick={() => save.mutate({ dialogId, tags: card.tags.filter((other) => other !== tag) })}
                >
                  <X size={12} aria-hidden />
                </button>
              </Badge>
            </li>
          ))}
        </ul>
      )}
      <form className={styles.inlineForm} onSubmit={add}>
        <Field label={t('addTag')} error={error}>
          {(control) => <Input {...control} value={draft} onChange={(e) => setDraft(e.target.value)} maxLength={MAX_TAG_LENGTH} placeholder={t('tagPlaceholder')} autoComplete="off" />}
        </Field>
        <Button type="submit" size="sm" icon={<Plus size={14} aria-hidden />} loading={save.isPending} disabled={draft.trim() === ''}>
          {t('add')}
        </Button>
      </form>
    </div>
  );
}

/** A lead's status, changed in place. */
export function LeadStatusSelect({ dialogId, lead }: { dialogId: number; lead: Card['leads'][number] }) {
  const trpc = useTRPC();
  const t = useTranslations('inbox.contact');
  const change = useMutation(trpc.contacts.setLeadStatus.mutationOptions(useCardUpdate(dialogId, t('leadUpdated', { id: lead.id }))));
  return (
    <Select
      aria-label={t('leadStatusLabel', { id: lead.id })}
      value={lead.status}
      disabled={change.isPending}
      onChange={(event) => change.mutate({ dialogId, leadId: lead.id, status: event.target.value as LeadStatus })}
    >
      {leadStatusSchema.options.map((status) => (
        <option key={status} value={status}>
          {t(`leadStatus.${status}`)}
        </option>
      ))}
    </Select>
  );
}

/** "New lead" from this chat, when it has none yet. */
export function NewLeadForm({ dialogId, card }: { dialogId: number; card: Card }) {
  const trpc = useTRPC();
  const t = useTranslations('inbox.contact');
  const cancel = useTranslations('common.ui')('cancel');
  const [open, setOpen] = useState(false);
  const [title, setTitle] = useState(() => t('leadDefaultTitle', { name: card.label }));
  const create = useMutation(trpc.contacts.createLead.mutationOptions(useCardUpdate(dialogId, t('leadCreated'))));
  const error = fieldErrorsOf(create.error).title?.join(' ') ?? (create.error && Object.keys(fieldErrorsOf(create.error)).length === 0 ? errorMessage(create.error) : null);
  if (!open) {
    return (
      <Button size="sm" variant="secondary" icon={<Plus size={14} aria-hidden />} onClick={() => setOpen(true)}>
        {t('newLead')}
      </Button>
    );
  }
  return (
    <form
      className={styles.inlineForm}
      aria-label={t('newLead')}
      onSubmit={(event) => {
        event.preventDefault();
        create.mutate({ dialogId, title }, { onSuccess: () => setOpen(false) });
      }}
    >
      <Field label={t('leadTitle')} error={error}>
        {(control) => <Input {...control} autoFocus value={title} onChange={(e) => setTitle(e.target.value)} maxLength={200} />}
      </Field>
      <Button type="submit" size="sm" variant="primary" loading={create.isPending}>
        {t('createLead')}
      </Button>
      <Button size="sm" onClick={() => setOpen(false)}>
        {cancel}
      </Button>
    </form>
  );
}
