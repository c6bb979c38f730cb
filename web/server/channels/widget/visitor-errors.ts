import { ServiceError } from '@temporalio/client';
import { createFormatter, createTranslator } from 'next-intl';
import { z } from 'zod';
import { AppError, RateLimitError } from '../../../../domain/errors';
import { MAX_UPLOAD_BYTES } from '../../../../domain/files';
import type { Locale } from '../../../../domain/locale';
import { messagesByLocale } from '../../../i18n/messages';
import { formatSize, isVisitorField, visitorProblemText, type WidgetTranslator } from './visitor-texts';

type VisitorErrorKey =
  | 'tooManyRequests'
  | 'fileTooLarge'
  | 'fileRefused'
  | 'messageTooLong'
  | 'notAllowedHere'
  | 'chatNotFound'
  | 'conversationNotFound'
  | 'sessionExpired'
  | 'alreadyRated'
  | 'cannotRate'
  | 'checkDetails'
  | 'badRequest'
  | 'unavailable'
  | 'unexpected';

/** A widget error the thrower already knows the visitor's wording of (AppError.details). */
export function visitorErrorDetails(key: VisitorErrorKey): { visitorError: VisitorErrorKey } {
  return { visitorError: key };
}

function keyOf(error: unknown, status: number): VisitorErrorKey {
  if (error instanceof AppError) {
    const given = (error.details as { visitorError?: VisitorErrorKey } | undefined)?.visitorError;
    if (given) return given;
    if (error instanceof RateLimitError) return 'tooManyRequests';
    switch (error.code) {
      case 'PAYLOAD_TOO_LARGE':
        return error.field === 'file' ? 'fileTooLarge' : 'messageTooLong';
      case 'BAD_REQUEST':
        return error.field === 'file' ? 'fileRefused' : 'badRequest';
      case 'FORBIDDEN':
        return 'notAllowedHere';
      case 'NOT_FOUND':
        return error.field === 'channelKey' ? 'chatNotFound' : 'conversationNotFound';
      case 'UNAUTHORIZED':
        return 'sessionExpired';
      default:
        return 'badRequest';
    }
  }
  if (error instanceof z.ZodError) return 'checkDetails';
  if (error instanceof ServiceError || status === 503) return 'unavailable';
  return 'unexpected';
}

/**
 * The sentence a visitor reads for an error of the widget API, in the chat's language (English
 * answers keep the API's detailed wording, see http.ts), and the form's field problems likewise.
 */
export function localizedVisitorError(error: unknown, status: number, locale: Locale): { message: string; fieldErrors: Record<string, string[]> } {
  const t: WidgetTranslator = createTranslator({ locale, messages: messagesByLocale[locale], namespace: 'widget' });
  const format = createFormatter({ locale });
  const key = keyOf(error, status);
  const message = key === 'fileTooLarge' ? t('errors.fileTooLarge', { max: formatSize(MAX_UPLOAD_BYTES, format) }) : t(`errors.${key}`);
  const fieldErrors: Record<string, string[]> = {};
  if (error instanceof z.ZodError) {
    for (const issue of error.issues) {
      const path = issue.path.map(String);
      const field = path.at(-1) ?? 'body';
      const name = path.length > 0 ? path.join('.') : 'body';
      (fieldErrors[name] ??= []).push(isVisitorField(field) ? visitorProblemText(field, issue, t) : message);
    }
  } else if (error instanceof AppError && error.field) {
    fieldErrors[error.field] = [message];
  }
  return { message, fieldErrors };
}
