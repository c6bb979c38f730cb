'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Star } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { useId, useState } from 'react';
import { useTRPC } from '../trpc/client';
import { errorMessage, fieldErrorsOf } from '../trpc/errors';
import { Button, Field, FieldError, Textarea, cx, useToast } from '../ui';
import styles from './actions.module.css';
import { useInboxFormat } from './format';
import inboxStyles from './inbox.module.css';
import type { DialogView } from './types';

const COMMENT_MAX = 2000;
const scores = [1, 2, 3, 4, 5] as const;

function Stars({ rating }: { rating: number }) {
  const t = useTranslations('inbox.supervisorRating');
  return (
    <span role="img" aria-label={t('outOf5', { score: rating })} style={{ display: 'inline-flex' }}>
      {scores.map((score) => (
        <Star key={score} size={14} aria-hidden className={score <= rating ? styles.starOn : undefined} fill={score <= rating ? 'currentColor' : 'none'} />
      ))}
    </span>
  );
}

/** SPEC §3: supervisors add their own 1–5 rating and a comment, on open or closed dialogs. */
export function SupervisorRating({ view }: { view: DialogView }) {
  const current = view.supervisorRating;
  const t = useTranslations('inbox.supervisorRating');
  const format = useInboxFormat();
  return (
    <section className={inboxStyles.detailsSection} aria-labelledby="details-supervisor-rating">
      <h3 id="details-supervisor-rating" className={inboxStyles.detailsHeading}>
        {t('title')}
      </h3>
      {current && (
        <div className={styles.ratingShown}>
          <Stars rating={current.rating} />
          {current.comment && <p>{current.comment}</p>}
          <p className={inboxStyles.muted}>
            {current.byName ?? t('aSupervisor')} · {format.dateTime(current.at)}
          </p>
        </div>
      )}
      {view.permissions.canRateAsSupervisor && <RatingForm view={view} />}
    </section>
  );
}

function RatingForm({ view }: { view: DialogView }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const t = useTranslations('inbox.supervisorRating');
  const id = useId();
  const [rating, setRating] = useState<number | null>(view.supervisorRating?.rating ?? null);
  const [comment, setComment] = useState(view.supervisorRating?.comment ?? '');
  const rate = useMutation(
    trpc.dialogs.rateAsSupervisor.mutationOptions({
      onSuccess: async () => {
        toast({ tone: 'success', title: t('saved') });
        await queryClient.invalidateQueries({ queryKey: trpc.dialogs.get.queryKey({ dialogId: view.id }) });
      },
    }),
  );
  const fieldErrors = rate.error ? fieldErrorsOf(rate.error) : {};
  const ratingError = fieldErrors.rating?.[0] ?? null;
  const commentError = fieldErrors.comment?.[0] ?? null;
  const otherError = rate.error && !ratingError && !commentError ? errorMessage(rate.error) : null;

  return (
    <form
      className={styles.ratingForm}
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        if (rating !== null) rate.mutate({ dialogId: view.id, rating, ...(comment.trim() ? { comment } : {}) });
      }}
    >
      <fieldset className={styles.stars} aria-describedby={ratingError ? `${id}-rating-error` : undefined}>
        <legend className="visually-hidden">{view.supervisorRating ? t('changeLegend') : t('legend')}</legend>
        {scores.map((score) => (
          <label key={score} className={cx(styles.star, rating !== null && score <= rating && styles.starOn)} title={t('outOf5', { score })}>
            <input type="radio" name={`${id}-rating`} value={score} checked={rating === score} onChange={() => setRating(score)} aria-label={t('outOf5', { score })} />
            <Star size={20} aria-hidden fill={rating !== null && score <= rating ? 'currentColor' : 'none'} />
          </label>
        ))}
      </fieldset>
      {ratingError && <FieldError id={`${id}-rating-error`}>{ratingError}</FieldError>}
      <Field label={t('comment')} hint={t('commentHint')} error={commentError}>
        {(control) => <Textarea {...control} rows={2} maxLength={COMMENT_MAX} value={comment} onChange={(e) => setComment(e.target.value)} />}
      </Field>
      {otherError && <FieldError>{otherError}</FieldError>}
      <div>
        <Button type="submit" size="sm" variant="primary" loading={rate.isPending} disabled={rating === null}>
          {view.supervisorRating ? t('update') : t('save')}
        </Button>
      </div>
    </form>
  );
}
