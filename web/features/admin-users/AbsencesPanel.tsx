'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Plus, Trash2 } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { ABSENCE_NOTE_MAX_LENGTH, absenceKindSchema, type AbsenceKind } from '../../../domain/availability';
import { useTRPC } from '../trpc/client';
import { errorMessage, fieldErrorsOf } from '../trpc/errors';
import { Alert, Badge, Button, Field, Input, Select, Skeleton, useToast } from '../ui';
import { localInputToIso, useDayFormat } from './format';
import styles from './users.module.css';

const kindTones = { vacation: 'accent', sick_leave: 'amber', other: 'neutral' } as const;

/** One user's current and upcoming absences, with delete, and the form to add one. */
export function AbsencesPanel({ user }: { user: { id: string; name: string } }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const t = useTranslations('users.absences');
  const kinds = useTranslations('common.team.absenceKinds');
  const { dayTime, range } = useDayFormat();
  const absences = useQuery(trpc.availability.absences.list.queryOptions({ userId: user.id }));
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.availability.absences.list.queryKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.availability.users.listWithAvailability.queryKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.availability.me.queryKey() }),
    ]);
  const remove = useMutation(
    trpc.availability.absences.delete.mutationOptions({
      onSuccess: () => toast({ tone: 'success', title: t('deleted') }),
      onError: (error) => toast({ tone: 'error', title: t('deleteFailed'), description: errorMessage(error) }),
      onSettled: refresh,
    }),
  );

  return (
    <div className={styles.panel}>
      <section aria-label={t('label', { name: user.name })}>
        <h3 className={styles.panelTitle}>{t('title')}</h3>
        {absences.status === 'pending' && (
          <div className={styles.absenceList} aria-busy="true" aria-label={t('loading')}>
            <Skeleton height={40} />
          </div>
        )}
        {absences.status === 'error' && (
          <Alert tone="error" role="alert">
            {t('loadFailed')} {errorMessage(absences.error)}
          </Alert>
        )}
        {absences.status === 'success' && absences.data.length === 0 && <p className={styles.muted}>{t('none', { name: user.name })}</p>}
        {absences.status === 'success' && absences.data.length > 0 && (
          <ul className={styles.absenceList}>
            {absences.data.map((absence) => (
              <li key={absence.id} className={styles.absence}>
                <Badge tone={kindTones[absence.kind]}>{kinds(absence.kind)}</Badge>
                <div className={styles.absenceText}>
                  <p className={styles.absenceDates}>
                    {range(dayTime(absence.startsAt), dayTime(absence.endsAt))}
                  </p>
                  <p className={styles.absenceMeta}>
                    {absence.note && <span className={styles.note}>{absence.note}</span>}
                    {absence.createdByName && <span>{t('addedBy', { name: absence.createdByName })}</span>}
                  </p>
                </div>
                <Button
                  size="sm"
                  variant="danger"
                  icon={<Trash2 size={14} />}
                  loading={remove.isPending && remove.variables.id === absence.id}
                  onClick={() => remove.mutate({ id: absence.id })}
                  aria-label={t('deleteLabel', { kind: kinds(absence.kind).toLowerCase(), from: dayTime(absence.startsAt), to: dayTime(absence.endsAt) })}
                >
                  {t('delete')}
                </Button>
              </li>
            ))}
          </ul>
        )}
      </section>
      <AddAbsenceForm userId={user.id} onAdded={refresh} />
    </div>
  );
}

function AddAbsenceForm({ userId, onAdded }: { userId: string; onAdded: () => Promise<unknown> }) {
  const trpc = useTRPC();
  const toast = useToast();
  const t = useTranslations('users.absences');
  const kinds = useTranslations('common.team.absenceKinds');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [kind, setKind] = useState<AbsenceKind>('vacation');
  const [note, setNote] = useState('');
  const create = useMutation(
    trpc.availability.absences.create.mutationOptions({
      onSuccess: async () => {
        setFrom('');
        setTo('');
        setNote('');
        toast({ tone: 'success', title: t('added') });
        await onAdded();
      },
    }),
  );
  const fieldErrors = create.error ? fieldErrorsOf(create.error) : {};
  const fieldError = (field: string) => fieldErrors[field]?.[0] ?? null;
  const knownFields = ['startsAt', 'endsAt', 'kind', 'note'];
  const otherError = create.error && !knownFields.some((f) => fieldErrors[f]) ? errorMessage(create.error) : null;

  return (
    <form
      className={styles.addForm}
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        create.mutate({ userId, startsAt: localInputToIso(from), endsAt: localInputToIso(to), kind, note });
      }}
    >
      <h3 className={styles.panelTitle}>{t('addTitle')}</h3>
      <div className={styles.addFields}>
        <Field label={t('from')} error={fieldError('startsAt')}>
          {(control) => <Input {...control} type="datetime-local" value={from} onChange={(e) => setFrom(e.target.value)} />}
        </Field>
        <Field label={t('to')} error={fieldError('endsAt')}>
          {(control) => <Input {...control} type="datetime-local" value={to} min={from || undefined} onChange={(e) => setTo(e.target.value)} />}
        </Field>
        <Field label={t('kind')} error={fieldError('kind')}>
          {(control) => (
            <Select {...control} value={kind} onChange={(e) => setKind(absenceKindSchema.parse(e.target.value))}>
              {absenceKindSchema.options.map((k) => (
                <option key={k} value={k}>
                  {kinds(k)}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <div className={styles.noteField}>
          <Field label={t('note')} hint={t('noteHint')} error={fieldError('note')}>
            {(control) => <Input {...control} value={note} maxLength={ABSENCE_NOTE_MAX_LENGTH} placeholder={t('notePlaceholder')} onChange={(e) => setNote(e.target.value)} />}
          </Field>
        </div>
      </div>
      {otherError && (
        <Alert tone="error" role="alert">
          {otherError}
        </Alert>
      )}
      <div>
        <Button type="submit" variant="primary" icon={<Plus size={15} />} loading={create.isPending}>
          {t('submit')}
        </Button>
      </div>
    </form>
  );
}
