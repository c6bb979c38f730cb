'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { inferRouterOutputs } from '@trpc/server';
import { Pencil } from 'lucide-react';
import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslations } from 'next-intl';
import type { LeadStatus } from '../../../domain/crm';
import type { AppRouter } from '../../server/trpc/routers/_app';
import { useTRPC } from '../trpc/client';
import { errorMessage, fieldErrorsOf } from '../trpc/errors';
import { EarlierDialogs } from '../history/EarlierDialogs';
import { ContactPrivacy } from '../privacy/ContactPrivacy';
import { Alert, Badge, Button, Field, Input, Select, Skeleton, useToast, type BadgeTone } from '../ui';
import styles from './ContactCard.module.css';
import { BlockedStatus, LeadStatusSelect, NewLeadForm, TagEditor } from './ContactTools';
import { useInboxFormat } from './format';
import inbox from './inbox.module.css';

type Card = inferRouterOutputs<AppRouter>['contacts']['card'];

const leadTones: Record<LeadStatus, BadgeTone> = { new: 'accent', in_progress: 'amber', won: 'green', lost: 'neutral' };

/**
 * The CRM record of the dialog's client (SPEC §3 CRM): who is responsible for them, where they
 * write from, their leads and earlier dialogs; staff correct name, e-mail and phone here, and
 * admins and directors choose the responsible user.
 */
export function ContactCard({ dialogId }: { dialogId: number }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const card = useQuery(trpc.contacts.card.queryOptions({ dialogId }));
  const [editing, setEditing] = useState(false);
  const t = useTranslations('inbox.contact');
  const editButton = useRef<HTMLButtonElement>(null);

  // Leads appear and responsible users change with the dialog's history: refetch when it grows.
  const lastEventId = useQuery({ ...trpc.dialogs.get.queryOptions({ dialogId }), select: (view) => view.events.at(-1)?.id ?? 0 }).data;
  const seenEventId = useRef(lastEventId);
  useEffect(() => {
    if (lastEventId === seenEventId.current) return;
    seenEventId.current = lastEventId;
    void queryClient.invalidateQueries({ queryKey: trpc.contacts.card.queryKey({ dialogId }) });
  }, [lastEventId, dialogId, queryClient, trpc]);

  const stopEditing = () => {
    setEditing(false);
    requestAnimationFrame(() => editButton.current?.focus());
  };

  return (
    <section className={inbox.detailsSection} aria-labelledby="details-crm" aria-busy={card.isFetching || undefined}>
      <div className={styles.headingRow}>
        <h3 id="details-crm" className={inbox.detailsHeading}>
          {t('title')}
        </h3>
        {card.data?.permissions.canEdit && !editing && (
          <Button ref={editButton} variant="ghost" size="sm" icon={<Pencil size={14} aria-hidden />} aria-label={t('editLabel')} onClick={() => setEditing(true)}>
            {t('edit')}
          </Button>
        )}
      </div>
      {card.status === 'pending' && <Skeleton height={72} />}
      {card.status === 'error' && (
        <Alert tone="error" role="alert">
          {errorMessage(card.error)}
        </Alert>
      )}
      {card.data && (editing ? <ContactForm dialogId={dialogId} card={card.data} onDone={stopEditing} /> : <ContactFacts dialogId={dialogId} card={card.data} />)}
      {card.data && !editing && <EarlierDialogs contactId={card.data.id} dialogId={dialogId} />}
    </section>
  );
}

function ContactFacts({ dialogId, card }: { dialogId: number; card: Card }) {
  const t = useTranslations('inbox.contact');
  const format = useInboxFormat();
  return (
    <>
      <dl className={inbox.facts}>
        <dt>{t('responsible')}</dt>
        <dd>{card.responsible?.name ?? <span className={inbox.muted}>{t('nobody')}</span>}</dd>
        <dt>{t('writesFrom')}</dt>
        <dd>{card.channels.length > 0 ? card.channels.map(format.channelName).join(', ') : <span className={inbox.muted}>—</span>}</dd>
        <dt>{t('earlier')}</dt>
        <dd>{card.earlierDialogs === 0 ? t('newClient') : format.number(card.earlierDialogs)}</dd>
        {card.blocked && (
          <>
            <dt>{t('status')}</dt>
            <dd>
              <BlockedStatus dialogId={dialogId} card={card} />
            </dd>
          </>
        )}
      </dl>
      <h4 className={styles.subheading}>{t('tags')}</h4>
      <TagEditor dialogId={dialogId} card={card} />
      <h4 className={styles.subheading} id="details-crm-leads">
        {t('leads')}
      </h4>
      {card.leads.length === 0 ? (
        <p className={inbox.muted}>{t('noLeads')}</p>
      ) : (
        <ul className={styles.leads} aria-labelledby="details-crm-leads">
          {card.leads.map((lead) => (
            <li key={lead.id} className={styles.lead}>
              <div className={styles.leadTitle}>
                <span>
                  #{lead.id} {lead.title}
                </span>
                <Badge tone={leadTones[lead.status]}>{t(`leadStatus.${lead.status}`)}</Badge>
              </div>
              <LeadStatusSelect dialogId={dialogId} lead={lead} />
              <p className={inbox.muted}>{lead.responsible ? t('leadResponsible', { name: lead.responsible.name }) : t('leadNobody')}</p>
            </li>
          ))}
        </ul>
      )}
      <div className={styles.newLead}>
        <NewLeadForm dialogId={dialogId} card={card} />
      </div>
      {/* Export and erase follow the rule for choosing the responsible user: admins and directors. */}
      {card.permissions.canSetResponsible && <ContactPrivacy dialogId={dialogId} label={card.label} />}
    </>
  );
}

function ContactForm({ dialogId, card, onDone }: { dialogId: number; card: Card; onDone: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const t = useTranslations('inbox.contact');
  const cancel = useTranslations('common.ui')('cancel');
  const [values, setValues] = useState({ name: card.name ?? '', email: card.email ?? '', phone: card.phone ?? '', responsibleUserId: card.responsible?.id ?? '' });
  const form = useRef<HTMLFormElement>(null);
  const firstField = useRef<HTMLInputElement>(null);
  useEffect(() => firstField.current?.focus(), []);

  const save = useMutation(
    trpc.contacts.update.mutationOptions({
      onSuccess: (updated) => {
        queryClient.setQueryData(trpc.contacts.card.queryKey({ dialogId }), updated);
        // The dialog's contact section and the inbox lists show the client's name too.
        void queryClient.invalidateQueries({ queryKey: trpc.dialogs.get.queryKey({ dialogId }) });
        void queryClient.invalidateQueries({ queryKey: trpc.inbox.pathKey() });
        toast({ tone: 'success', title: t('saved') });
        onDone();
      },
    }),
  );
  const errors = fieldErrorsOf(save.error);
  const fieldError = (field: string) => errors[field]?.join(' ') ?? null;
  const otherError = save.error && Object.keys(errors).length === 0 ? errorMessage(save.error) : null;
  // After a refused save, the keyboard lands on the first field to fix.
  useEffect(() => {
    if (save.error) form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [save.error]);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    // Only what changed: the dialog's history names the fields that were edited.
    const responsibleUserId = values.responsibleUserId || null;
    save.mutate({
      dialogId,
      ...(values.name !== (card.name ?? '') ? { name: values.name } : {}),
      ...(values.email !== (card.email ?? '') ? { email: values.email } : {}),
      ...(values.phone !== (card.phone ?? '') ? { phone: values.phone } : {}),
      ...(card.permissions.canSetResponsible && responsibleUserId !== (card.responsible?.id ?? null) ? { responsibleUserId } : {}),
    });
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.stopPropagation();
      onDone();
    }
  };
  const set = (field: keyof typeof values) => (event: { target: { value: string } }) => setValues((v) => ({ ...v, [field]: event.target.value }));

  return (
    <form ref={form} className={styles.form} onSubmit={onSubmit} onKeyDown={onKeyDown} aria-label={t('editLabel')} noValidate>
      <Field label={t('name')} error={fieldError('name')}>
        {(control) => <Input ref={firstField} {...control} value={values.name} onChange={set('name')} autoComplete="off" maxLength={200} />}
      </Field>
      <Field label={t('email')} error={fieldError('email')}>
        {(control) => <Input {...control} type="email" value={values.email} onChange={set('email')} autoComplete="off" placeholder={t('emailPlaceholder')} />}
      </Field>
      <Field label={t('phone')} hint={t('phoneHint')} error={fieldError('phone')}>
        {(control) => <Input {...control} type="tel" value={values.phone} onChange={set('phone')} autoComplete="off" placeholder={t('phonePlaceholder')} />}
      </Field>
      {card.permissions.canSetResponsible && (
        <Field label={t('responsibleUser')} hint={t('responsibleHint')} error={fieldError('responsibleUserId')}>
          {(control) => (
            <Select {...control} value={values.responsibleUserId} onChange={set('responsibleUserId')}>
              <option value="">{t('nobodyOption')}</option>
              {/* A responsible user deactivated since stays visible until someone is chosen instead. */}
              {card.responsible && !card.assignableUsers.some((u) => u.id === card.responsible?.id) && (
                <option value={card.responsible.id}>{t('inactive', { name: card.responsible.name })}</option>
              )}
              {card.assignableUsers.map((user) => (
                <option key={user.id} value={user.id}>
                  {user.name}
                </option>
              ))}
            </Select>
          )}
        </Field>
      )}
      {otherError && (
        <Alert tone="error" role="alert">
          {otherError}
        </Alert>
      )}
      <div className={styles.actions}>
        <Button type="submit" variant="primary" size="sm" loading={save.isPending}>
          {t('save')}
        </Button>
        <Button size="sm" onClick={onDone} disabled={save.isPending}>
          {cancel}
        </Button>
      </div>
    </form>
  );
}
