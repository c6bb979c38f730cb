'use client';

import { useTranslations } from 'next-intl';
import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { prechatFieldNames, type PrechatAsk, type PrechatFieldName, type PrechatSettings } from '../../../channels/widget/settings';
import { MAX_MESSAGE_LENGTH } from '../../../domain/dialog';
import { requiredDetails, visitorFormSchema, type WidgetForm, type WidgetOffline } from '../../server/channels/widget/schemas';
import { visitorProblemText } from '../../server/channels/widget/visitor-texts';
import type { FormAnswers } from './use-widget-chat';
import styles from './widget.module.css';

const inputTypes: Record<PrechatFieldName, string> = { name: 'text', email: 'email', phone: 'tel' };
const autoComplete: Record<PrechatFieldName, string> = { name: 'name', email: 'email', phone: 'tel' };

/** The offline form asks a name and an e-mail (required: the answer may come by e-mail), never a phone. */
const offlineAsks: PrechatSettings = { name: 'optional', email: 'required', phone: 'off' };

interface VisitorFormProps {
  form: WidgetForm;
  /** The chat's pre-chat questions; the offline form asks its own. */
  prechat: PrechatSettings;
  offline: WidgetOffline;
  onSend(text: string, answers: FormAnswers): void;
}

/**
 * The pre-chat form (the details the chat asks before the first message) or the offline form
 * (nobody can answer live): details and the first message in one go. Checked here with the same
 * rule the server applies, each problem shown at its field.
 */
export function VisitorForm({ form, prechat, offline, onSend }: VisitorFormProps) {
  const asks = form === 'offline' ? offlineAsks : prechat;
  const fields = prechatFieldNames.filter((field) => asks[field] !== 'off');
  const [values, setValues] = useState<Record<PrechatFieldName, string>>({ name: '', email: '', phone: '' });
  const [text, setText] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const formId = useId();
  const t = useTranslations('widget');

  function submit(event: FormEvent) {
    event.preventDefault();
    const found: Record<string, string> = {};
    const details = visitorFormSchema(requiredDetails(asks, form)).safeParse(Object.fromEntries(fields.map((field) => [field, values[field]])));
    if (!details.success) {
      for (const issue of details.error.issues) {
        const field = issue.path[0];
        if (field === 'name' || field === 'email' || field === 'phone') found[field] ??= visitorProblemText(field, issue, t);
      }
    }
    const message = text.trim();
    if (message === '') found.text = visitorProblemText('text', 'required', t);
    else if (message.length > MAX_MESSAGE_LENGTH) found.text = t('form.problems.tooLong', { field: t('form.fields.text'), max: MAX_MESSAGE_LENGTH });
    setErrors(found);
    if (!details.success || found.text) return;
    onSend(message, { contact: details.data, form });
  }

  const title = form === 'offline' ? t('form.offlineTitle') : t('form.prechatTitle');
  const intro = form === 'offline' && offline ? t(`form.offlineIntro.${offline}`) : t('form.prechatIntro');
  return (
    <form className={styles.visitorForm} onSubmit={submit} noValidate aria-labelledby={`${formId}-title`}>
      <h2 id={`${formId}-title`} className={styles.visitorFormTitle}>
        {title}
      </h2>
      <p className={styles.visitorFormIntro}>{intro}</p>
      {fields.map((field) => (
        <FormField
          key={field}
          id={`${formId}-${field}`}
          label={t(`form.fields.${field}`)}
          ask={asks[field]}
          error={errors[field]}
          input={
            <input
              id={`${formId}-${field}`}
              className={styles.visitorFormInput}
              type={inputTypes[field]}
              autoComplete={autoComplete[field]}
              value={values[field]}
              onChange={(e) => setValues((v) => ({ ...v, [field]: e.target.value }))}
              aria-invalid={errors[field] ? true : undefined}
              aria-describedby={errors[field] ? `${formId}-${field}-error` : undefined}
              aria-required={asks[field] === 'required'}
            />
          }
        />
      ))}
      <FormField
        id={`${formId}-text`}
        label={t('form.fields.text')}
        ask="required"
        error={errors.text}
        input={
          <textarea
            id={`${formId}-text`}
            className={styles.visitorFormInput}
            rows={3}
            value={text}
            onChange={(e) => setText(e.target.value)}
            aria-invalid={errors.text ? true : undefined}
            aria-describedby={errors.text ? `${formId}-text-error` : undefined}
            aria-required
          />
        }
      />
      <button type="submit" className={styles.visitorFormSubmit}>
        {form === 'offline' ? t('form.leaveMessage') : t('form.startChat')}
      </button>
    </form>
  );
}

function FormField({ id, label, ask, error, input }: { id: string; label: string; ask: PrechatAsk; error: string | undefined; input: ReactNode }) {
  const t = useTranslations('widget.form');
  return (
    <div className={styles.visitorFormField}>
      <label htmlFor={id} className={styles.visitorFormLabel}>
        {label}
        {ask === 'optional' ? <span className={styles.visitorFormOptional}> {t('optional')}</span> : null}
      </label>
      {input}
      {error ? (
        <p id={`${id}-error`} className={styles.visitorFormError} role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
