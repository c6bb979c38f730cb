'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import type { RatingValue } from '../../../domain/dialog';
import type { RatingScale } from '../../server/channels/widget/schemas';
import { CheckIcon, ThumbIcon } from './icons';
import styles from './widget.module.css';

interface RatingPromptProps {
  scale: RatingScale;
  rated: boolean;
  rating: RatingValue | null;
  submitting: boolean;
  error: string | null;
  onRate(rating: RatingValue): void;
}

const STARS = [1, 2, 3, 4, 5] as const;
/** A symbol, not a word: the same in every language. */
const STAR = '★';

function RatingMark({ rating }: { rating: RatingValue | null }) {
  if (rating === 'like') return <ThumbIcon size={16} />;
  if (rating === 'dislike') return <ThumbIcon down size={16} />;
  if (typeof rating === 'number') return <span className={styles.ratingThanksStars}>{STAR.repeat(rating)}</span>;
  return <CheckIcon />;
}

/** The native rating control under the line's rating request; "Thanks" once the visitor has rated. */
export function RatingPrompt({ scale, rated, rating, submitting, error, onRate }: RatingPromptProps) {
  const [hovered, setHovered] = useState<number | null>(null);
  const t = useTranslations('widget.rating');

  if (rated) {
    return (
      <div className={styles.ratingThanks} role="status">
        <span className={styles.ratingThanksMark} aria-hidden="true">
          <RatingMark rating={rating} />
        </span>
        {t('thanks')}
      </div>
    );
  }

  return (
    <div className={styles.rating} role="group" aria-label={t('label')} aria-busy={submitting}>
      {scale === 'like_dislike' ? (
        <div className={styles.ratingButtons}>
          <button type="button" className={styles.ratingThumb} disabled={submitting} onClick={() => onRate('like')} aria-label={t('good')}>
            <ThumbIcon />
            <span className={styles.ratingThumbLabel}>{t('good')}</span>
          </button>
          <button type="button" className={styles.ratingThumb} disabled={submitting} onClick={() => onRate('dislike')} aria-label={t('bad')}>
            <ThumbIcon down />
            <span className={styles.ratingThumbLabel}>{t('bad')}</span>
          </button>
        </div>
      ) : (
        <div className={styles.ratingStars} onMouseLeave={() => setHovered(null)}>
          {STARS.map((n) => (
            <button
              key={n}
              type="button"
              className={styles.ratingStar}
              data-lit={hovered !== null && n <= hovered ? 'true' : undefined}
              disabled={submitting}
              onMouseEnter={() => setHovered(n)}
              onFocus={() => setHovered(n)}
              onBlur={() => setHovered(null)}
              onClick={() => onRate(n)}
              aria-label={t('stars', { count: n })}
            >
              <span aria-hidden="true">{STAR}</span>
            </button>
          ))}
        </div>
      )}
      {error ? (
        <p className={styles.ratingError} role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
