'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { inferRouterOutputs } from '@trpc/server';
import { Plus, X } from 'lucide-react';
import { useState, type FormEvent } from 'react';
import { leadStatusLabels, leadStatusSchema, MAX_TAG_LENGTH, type LeadStatus } from '../../../domain/crm';
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
  return {
    onSuccess: (card: Card) => {
      queryClient.setQueryData(trpc.contacts.card.queryKey({ dialogId }), card);
      void queryClient.invalidateQueries({ queryKey: trpc.dialogs.get.queryKey({ dialogId }) });
      toast({ tone: 'success', title: success });
    },
    onError: (error: unknown) => toast({ tone: 'error', title: 'Not saved', description: errorMessage(error) }),
  };
}

/** "Blocked" with an Unblock button for whoever may lift it (the dialog's operator, supervisors). */
export function BlockedStatus({ dialogId, card }: { dialogId: number; card: Card }) {
  const trpc = useTRPC();
  const unblock = useMutation(trpc.contacts.unblock.mutationOptions(useCardUpdate(dialogId, 'Client unblocked: their messages open dialogs again')));
  return (
    <span className={styles.tags}>
      <Badge tone="red">Blocked</Badge>
      {card.permissions.canUnblock && (
        <Button size="sm" variant="ghost" loading={unblock.isPending} onClick={() => unblock.mutate({ dialogId })}>
          Unblock
        </Button>
      )}
    </span>
  );
}

/** The client's tags: each removable, a new one added from the field (Enter). */
export function TagEditor({ dialogId, card }: { dialogId: number; card: Card }) {
  const trpc = useTRPC();
  const [draft, setDraft] = useState('');
  const save = useMutation(trpc.contacts.setTags.mutationOptions(useCardUpdate(dialogId, 'Tags saved')));
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
        <ul className={styles.tags} aria-label="Tags">
          {card.tags.map((tag) => (
            <li key={tag}>
              <Badge>
                {tag}
                <button
                  type="button"
                  className={styles.removeTag}
                  aria-label={`Remove tag ${tag}`}
                  disabled={save.isPending}
                  onClick={() => save.mutate({ dialogId, tags: card.tags.filter((t) => t !== tag) })}
                >
                  <X size={12} aria-hidden />
                </button>
              </Badge>
            </li>
          ))}
        </ul>
      )}
      <form className={styles.inlineForm} onSubmit={add}>
        <Field label="Add a tag" error={error}>
          {(control) => <Input {...control} value={draft} onChange={(e) => setDraft(e.target.value)} maxLength={MAX_TAG_LENGTH} placeholder="e.g. vip" autoComplete="off" />}
        </Field>
        <Button type="submit" size="sm" icon={<Plus size={14} aria-hidden />} loading={save.isPending} disabled={draft.trim() === ''}>
          Add
        </Button>
      </form>
    </div>
  );
}

/** A lead's status, changed in place. */
export function LeadStatusSelect({ dialogId, lead }: { dialogId: number; lead: Card['leads'][number] }) {
  const trpc = useTRPC();
  const change = useMutation(trpc.contacts.setLeadStatus.mutationOptions(useCardUpdate(dialogId, `Lead #${lead.id} updated`)));
  return (
    <Select
      aria-label={`Status of lead #${lead.id}`}
      value={lead.status}
      disabled={change.isPending}
      onChange={(event) => change.mutate({ dialogId, leadId: lead.id, status: event.target.value as LeadStatus })}
    >
      {leadStatusSchema.options.map((status) => (
        <option key={status} value={status}>
          {leadStatusLabels[status]}
        </option>
      ))}
    </Select>
  );
}

/** "New lead" from this chat, when it has none yet. */
export function NewLeadForm({ dialogId, card }: { dialogId: number; card: Card }) {
  const trpc = useTRPC();
  const [open, setOpen] = useState(false);
  const [title, setTitle] = useState(`Chat with ${card.label}`);
  const create = useMutation(trpc.contacts.createLead.mutationOptions(useCardUpdate(dialogId, 'Lead created')));
  const error = fieldErrorsOf(create.error).title?.join(' ') ?? (create.error && Object.keys(fieldErrorsOf(create.error)).length === 0 ? errorMessage(create.error) : null);
  if (!open) {
    return (
      <Button size="sm" variant="secondary" icon={<Plus size={14} aria-hidden />} onClick={() => setOpen(true)}>
        New lead
      </Button>
    );
  }
  return (
    <form
      className={styles.inlineForm}
      aria-label="New lead"
      onSubmit={(event) => {
        event.preventDefault();
        create.mutate({ dialogId, title }, { onSuccess: () => setOpen(false) });
      }}
    >
      <Field label="Lead title" error={error}>
        {(control) => <Input {...control} autoFocus value={title} onChange={(e) => setTitle(e.target.value)} maxLength={200} />}
      </Field>
      <Button type="submit" size="sm" variant="primary" loading={create.isPending}>
        Create lead
      </Button>
      <Button size="sm" onClick={() => setOpen(false)}>
        Cancel
      </Button>
    </form>
  );
}
