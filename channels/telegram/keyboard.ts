import type { InlineKeyboardButton, InlineKeyboardMarkup } from 'grammy/types';
import type { OutboundMessage } from '../connector';

/**
 * Bot choices and the rating request as an inline keyboard, and a press back as the client's
 * answer. A press arrives as a callback query carrying the button's `callback_data` (1–64 bytes),
 * so the data names the kind of button and its id; the answer the product receives is the text
 * the client would have typed: a choice's label (flows match a choice by label or id) and, for the
 * rating, the answer the text rating understands ("1"–"5", "yes"/"no").
 */
const CHOICE = 'choice:';
const CHOICE_AT = 'choice#';
const RATING = 'rating:';
const MAX_CALLBACK_DATA_BYTES = 64;

export function inlineKeyboardOf(message: Pick<OutboundMessage, 'buttons' | 'ratingRequest'>): InlineKeyboardMarkup | undefined {
  const buttons = message.buttons ?? [];
  if (buttons.length === 0) return undefined;
  const keyboard: InlineKeyboardButton[] = buttons.map((button, index) => ({
    text: button.label,
    callback_data: message.ratingRequest ? `${RATING}${button.id}` : choiceData(button.id, index),
  }));
  // 👍 👎 side by side; longer labels (choices, ★★★★★) one per row so none is cut short on a phone.
  const rows = message.ratingRequest?.scale === 'like_dislike' ? [keyboard] : keyboard.map((button) => [button]);
  return { inline_keyboard: rows };
}

function choiceData(id: string, index: number): string {
  const data = `${CHOICE}${id}`;
  return Buffer.byteLength(data) <= MAX_CALLBACK_DATA_BYTES ? data : `${CHOICE_AT}${index}`;
}

/** The answer a pressed button stands for, or null for a button this product did not draw. */
export function pressedButtonText(data: string, markup: { inline_keyboard: { text: string; callback_data?: string }[][] } | undefined): string | null {
  if (data.startsWith(RATING)) return ratingAnswer(data.slice(RATING.length));
  const label = markup?.inline_keyboard.flat().find((button) => button.callback_data === data)?.text;
  if (label) return label;
  // The message may be too old for Telegram to include it (48 hours): the id still names the choice.
  if (data.startsWith(CHOICE)) return data.slice(CHOICE.length);
  return null;
}

function ratingAnswer(id: string): string | null {
  if (id === 'like') return 'yes';
  if (id === 'dislike') return 'no';
  return /^[1-5]$/.test(id) ? id : null;
}
