'use client';

import { useTranslations } from 'next-intl';
import { askAnswerKindSchema } from '../../../../domain/flows/document';
import { Switch } from '../../ui';
import { newElementId } from '../graph-edits';
import { templateRef } from '../node-kinds';
import { NumberField, RowInput, RowList, SelectField, TextAreaField, TextField } from './fields';
import type { NodeFormProps } from './node-form';

/** Placeholders a template may use, the same in every language. */
const TEMPLATE_EXAMPLES = ['variable', 'contact.name', 'contact.email', 'contact.phone', 'channel'].map(templateRef).join(', ');
const URL_EXAMPLE = 'https://…';
const FILE_EXAMPLE = 'price-list.pdf';

/** "Insert values with {{variable}}, …": the hint under every field that is a template. */
export function useTemplateHint(): string {
  const t = useTranslations('flows.inspector');
  return t('templateHint', { examples: TEMPLATE_EXAMPLES });
}

export function SendMessageForm({ node, update, error }: NodeFormProps<'send_message'>) {
  const t = useTranslations('flows.inspector');
  const hint = useTemplateHint();
  return (
    <>
      <TextAreaField label={t('message')} hint={hint} value={node.text} error={error('text')} rows={4} onChange={(text) => update({ text }, 'text')} />
      <RowList
        legend={t('buttons')}
        itemName={t('button')}
        items={node.buttons}
        max={10}
        addLabel={t('addButton')}
        create={() => ({ id: newElementId('button'), label: '' })}
        onChange={(buttons) => update({ buttons }, 'buttons')}
        renderRow={(button, i, set) => (
          <RowInput label={t('buttonLabel', { index: String(i + 1) })} value={button.label} error={error(`buttons[${i}].label`)} onChange={(label) => set({ ...button, label })} placeholder={t('buttonPlaceholder')} />
        )}
      />
      <RowList
        legend={t('attachments')}
        itemName={t('attachment')}
        items={node.attachments}
        max={10}
        addLabel={t('addAttachment')}
        create={() => ({ url: '', name: '' })}
        onChange={(attachments) => update({ attachments }, 'attachments')}
        renderRow={(attachment, i, set) => (
          <>
            <RowInput label={t('attachmentUrl', { index: String(i + 1) })} value={attachment.url} error={error(`attachments[${i}].url`)} onChange={(url) => set({ ...attachment, url })} placeholder={URL_EXAMPLE} mono />
            <RowInput label={t('attachmentName', { index: String(i + 1) })} value={attachment.name} error={error(`attachments[${i}].name`)} onChange={(name) => set({ ...attachment, name })} placeholder={FILE_EXAMPLE} />
          </>
        )}
      />
    </>
  );
}

export function AskForm({ node, update, error }: NodeFormProps<'ask'>) {
  const t = useTranslations('flows');
  const hint = useTemplateHint();
  return (
    <>
      <TextAreaField label={t('inspector.question')} hint={hint} value={node.text} error={error('text')} rows={3} onChange={(text) => update({ text }, 'text')} />
      <SelectField
        label={t('inspector.expectedAnswer')}
        value={node.answer}
        error={error('answer')}
        onChange={(answer) => update({ answer }, 'answer')}
        options={askAnswerKindSchema.options.map((kind) => ({ value: kind, label: t(`answerKinds.${kind}`) }))}
      />
      {node.answer === 'choice' && (
        <RowList
          legend={t('inspector.choices')}
          itemName={t('inspector.choice')}
          items={node.choices}
          max={10}
          addLabel={t('inspector.addChoice')}
          error={error('choices')}
          create={() => ({ id: newElementId('choice'), label: '' })}
          onChange={(choices) => update({ choices }, 'choices')}
          renderRow={(choice, i, set) => <RowInput label={t('inspector.choiceLabel', { index: String(i + 1) })} value={choice.label} error={error(`choices[${i}].label`)} onChange={(label) => set({ ...choice, label })} />}
        />
      )}
      <TextField label={t('inspector.answerVariable')} hint={t('inspector.answerVariableHint', { example: templateRef('name') })} value={node.variable} error={error('variable')} mono onChange={(variable) => update({ variable }, 'variable')} />
      <TextAreaField label={t('inspector.retryText')} value={node.retryText} error={error('retryText')} rows={2} onChange={(retryText) => update({ retryText }, 'retryText')} />
      <NumberField
        label={t('inspector.maxRetries')}
        hint={t('inspector.maxRetriesHint')}
        value={node.maxRetries}
        min={0}
        max={10}
        error={error('maxRetries')}
        onChange={(maxRetries) => update({ maxRetries }, 'maxRetries')}
      />
      <Switch
        label={t('inspector.timeoutSwitch')}
        checked={node.timeoutMinutes !== null}
        onChange={(on) => update({ timeoutMinutes: on ? 30 : null }, 'timeoutMinutes')}
      />
      {node.timeoutMinutes !== null && (
        <NumberField
          label={t('inspector.timeoutMinutes')}
          value={node.timeoutMinutes}
          min={1}
          max={60 * 24 * 7}
          error={error('timeoutMinutes')}
          onChange={(timeoutMinutes) => update({ timeoutMinutes }, 'timeoutMinutes')}
        />
      )}
    </>
  );
}
