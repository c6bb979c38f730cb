'use client';

import { askAnswerKindSchema } from '../../../../domain/flows/document';
import { Switch } from '../../ui';
import { newElementId } from '../graph-edits';
import { answerKindLabels } from '../node-kinds';
import { NumberField, RowInput, RowList, SelectField, TextAreaField, TextField } from './fields';
import type { NodeFormProps } from './node-form';

export const TEMPLATE_HINT = 'Insert values with {{variable}}, {{contact.name}}, {{contact.email}}, {{contact.phone}} or {{channel}}.';

export function SendMessageForm({ node, update, error }: NodeFormProps<'send_message'>) {
  return (
    <>
      <TextAreaField label="Message" hint={TEMPLATE_HINT} value={node.text} error={error('text')} rows={4} onChange={(text) => update({ text }, 'text')} />
      <RowList
        legend="Buttons"
        items={node.buttons}
        max={10}
        addLabel="Add a button"
        create={() => ({ id: newElementId('button'), label: '' })}
        onChange={(buttons) => update({ buttons }, 'buttons')}
        renderRow={(button, i, set) => (
          <RowInput label={`Button ${i + 1} label`} value={button.label} error={error(`buttons[${i}].label`)} onChange={(label) => set({ ...button, label })} placeholder="e.g. Talk to sales" />
        )}
      />
      <RowList
        legend="Attachments"
        items={node.attachments}
        max={10}
        addLabel="Add an attachment"
        create={() => ({ url: '', name: '' })}
        onChange={(attachments) => update({ attachments }, 'attachments')}
        renderRow={(attachment, i, set) => (
          <>
            <RowInput label={`Attachment ${i + 1} URL`} value={attachment.url} error={error(`attachments[${i}].url`)} onChange={(url) => set({ ...attachment, url })} placeholder="https://…" mono />
            <RowInput label={`Attachment ${i + 1} file name`} value={attachment.name} error={error(`attachments[${i}].name`)} onChange={(name) => set({ ...attachment, name })} placeholder="price-list.pdf" />
          </>
        )}
      />
    </>
  );
}

export function AskForm({ node, update, error }: NodeFormProps<'ask'>) {
  return (
    <>
      <TextAreaField label="Question" hint={TEMPLATE_HINT} value={node.text} error={error('text')} rows={3} onChange={(text) => update({ text }, 'text')} />
      <SelectField
        label="Expected answer"
        value={node.answer}
        error={error('answer')}
        onChange={(answer) => update({ answer }, 'answer')}
        options={askAnswerKindSchema.options.map((kind) => ({ value: kind, label: answerKindLabels[kind] }))}
      />
      {node.answer === 'choice' && (
        <RowList
          legend="Choices"
          items={node.choices}
          max={10}
          addLabel="Add a choice"
          error={error('choices')}
          create={() => ({ id: newElementId('choice'), label: '' })}
          onChange={(choices) => update({ choices }, 'choices')}
          renderRow={(choice, i, set) => <RowInput label={`Choice ${i + 1}`} value={choice.label} error={error(`choices[${i}].label`)} onChange={(label) => set({ ...choice, label })} />}
        />
      )}
      <TextField label="Save the answer in variable" hint="Later nodes read it as {{name}}." value={node.variable} error={error('variable')} mono onChange={(variable) => update({ variable }, 'variable')} />
      <TextAreaField label="Text after a wrong answer" value={node.retryText} error={error('retryText')} rows={2} onChange={(retryText) => update({ retryText }, 'retryText')} />
      <NumberField
        label="Wrong answers allowed"
        hint="One more takes the “Invalid answer” output."
        value={node.maxRetries}
        min={0}
        max={10}
        error={error('maxRetries')}
        onChange={(maxRetries) => update({ maxRetries }, 'maxRetries')}
      />
      <Switch
        label="Stop waiting after a while (“Timeout” output)"
        checked={node.timeoutMinutes !== null}
        onChange={(on) => update({ timeoutMinutes: on ? 30 : null }, 'timeoutMinutes')}
      />
      {node.timeoutMinutes !== null && (
        <NumberField
          label="Timeout, minutes"
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
