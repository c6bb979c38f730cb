import type { ReplyButton } from './channels';
import type { RatingValue } from './dialog';
import { isGoodRating, type RatingScale } from './dialog-lifecycle/preconditions';

/**
 * SPEC §7, issue 10 item 7: rating and bot choices in every channel. Channels without native
 * buttons (e-mail, custom connectors) carry the choices in the text, and the client answers with
 * a word or a number, which is read back here. A flow's choice node already takes a typed answer
 * (domain/flows/answers.ts: a choice's label, id or number in the list), so numbering the list is
 * all its buttons need; the rating is read by `parseRatingReply`.
 */

interface ButtonedMessage {
  text: string;
  buttons?: readonly ReplyButton[];
  ratingRequest?: { scale: RatingScale };
}

/**
 * The message as a channel without buttons sends it: the rating request becomes the line's
 * text request (`rating.externalRequestText`), other buttons a numbered list under the text.
 */
export function withChoicesAsText<M extends ButtonedMessage>(message: M, externalRequestText: string): M {
  return { ...message, text: textWithChoices(message, externalRequestText), buttons: undefined };
}

function textWithChoices(message: ButtonedMessage, externalRequestText: string): string {
  if (message.ratingRequest) return externalRequestText.trim() || `${message.text}\n\n${ratingHint(message.ratingRequest.scale)}`;
  const buttons = message.buttons ?? [];
  if (buttons.length === 0) return message.text;
  const list = buttons.map((button, index) => `${index + 1}. ${button.label}`).join('\n');
  return `${message.text}\n\n${list}`;
}

/** Said when the line's text request is blank, so the client still knows what to answer. */
function ratingHint(scale: RatingScale): string {
  return scale === 'five_stars' ? 'Please reply with a number from 1 (bad) to 5 (excellent).' : 'Please reply yes or no.';
}

const LIKE_WORDS = new Set(['yes', 'y', 'like', 'good', 'да', '👍', '+']);
const DISLIKE_WORDS = new Set(['no', 'n', 'dislike', 'bad', 'нет', '👎', '-']);

/**
 * The client's answer to a rating request typed as text (or a button's id sent back as text, as
 * Telegram and the Meta channels do): "1"–"5", "★★★", "yes"/"no" (and Russian "да"/"нет"), "like"/"dislike", 👍/👎,
 * any case, a trailing full stop or exclamation mark allowed. It is read on the line's scale, since
 * the default text request offers both ("reply 1 to 5, or yes / no"): on thumbs, 4 and 5 are a
 * like and 1 to 3 a dislike (as `isGoodRating` thanks them); on stars, yes is 5 and no is 1.
 * Anything else is null: an ordinary message.
 */
export function parseRatingReply(text: string, scale: RatingScale): RatingValue | null {
  const typed = text.trim().toLowerCase().replace(/[.!]+$/u, '').trim();
  const stars = starsOf(typed);
  if (stars !== null) return scale === 'five_stars' ? stars : isGoodRating(stars) ? 'like' : 'dislike';
  const thumb = LIKE_WORDS.has(typed) ? 'like' : DISLIKE_WORDS.has(typed) ? 'dislike' : null;
  if (thumb === null) return null;
  if (scale === 'like_dislike') return thumb;
  return thumb === 'like' ? 5 : 1;
}

function starsOf(typed: string): number | null {
  if (/^[1-5]$/u.test(typed)) return Number(typed);
  if (/^(★|⭐){1,5}$/u.test(typed)) return [...typed].length;
  return null;
}
