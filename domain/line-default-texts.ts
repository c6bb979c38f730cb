import type { Locale } from './locale';

/**
 * The client-facing texts a new line starts with, in each language the product speaks: a line
 * created by an admin who works in Russian greets its clients in Russian. The one definition of
 * these defaults: the settings schema fills a missing text with the English one, and
 * `defaultLineSettings(locale)` puts a language's set into a new line. Existing lines keep what
 * they store.
 */
export interface LineDefaultTexts {
  greeting: string;
  /** The no-answer rule's "please wait". */
  noAnswer: string;
  outOfHours: string;
  ratingRequest: string;
  /** For channels without buttons: the client answers with a number or a word (see parseRatingReply). */
  ratingRequestWithoutButtons: string;
  ratingThanksGood: string;
  ratingThanksBad: string;
  /** Empty: a dialog closes without a message until the admin writes one. */
  closing: string;
}

const lineDefaultTexts: Record<Locale, LineDefaultTexts> = {
  en: {
    greeting: 'Hello! An operator will answer you shortly.',
    noAnswer: 'Thank you for waiting. All our operators are busy right now; we will answer as soon as we can.',
    outOfHours: 'We are closed right now. Leave your message and we will answer when we are back.',
    ratingRequest: 'Please rate how we did.',
    ratingRequestWithoutButtons: 'Please rate how we did: reply 1 (bad) to 5 (excellent), or yes / no.',
    ratingThanksGood: 'Thank you for your rating!',
    ratingThanksBad: 'Thank you. We are sorry and will do better.',
    closing: '',
  },
  ru: {
    greeting: 'Здравствуйте! Оператор скоро вам ответит.',
    noAnswer: 'Спасибо за ожидание! Сейчас все операторы заняты, мы ответим вам при первой возможности.',
    outOfHours: 'Сейчас нерабочее время. Оставьте сообщение, и мы ответим, как только начнём работу.',
    ratingRequest: 'Пожалуйста, оцените качество обслуживания.',
    ratingRequestWithoutButtons: 'Пожалуйста, оцените качество обслуживания: ответьте цифрой от 1 (плохо) до 5 (отлично) или словом «да» / «нет».',
    ratingThanksGood: 'Спасибо за оценку!',
    ratingThanksBad: 'Спасибо за оценку. Нам очень жаль — мы постараемся стать лучше.',
    closing: '',
  },
};

export function defaultLineTexts(locale: Locale): LineDefaultTexts {
  return lineDefaultTexts[locale];
}
