'use client';

import { useTranslations } from 'next-intl';
import { httpRequestNodeSchema } from '../../../../domain/flows/document';
import { Choices, Switch } from '../../ui';
import { templateRef } from '../node-kinds';
import { useTemplateHint } from './MessageForms';
import { NumberField, RowInput, RowList, SelectField, TextAreaField, TextField } from './fields';
import type { NodeFormProps } from './node-form';

const contactFields = ['name', 'email', 'phone'] as const;
/** Examples of technical values, the same in every language. */
const examples = { url: 'https://api.example.com/orders/{{order}}', header: 'Authorization', path: 'data.items.0.name', variable: 'item_name' };

export function SetVariableForm({ node, update, error }: NodeFormProps<'set_variable'>) {
  const { target } = node;
  const t = useTranslations('flows');
  const hint = useTemplateHint();
  const contactFieldOptions = contactFields.map((field) => ({ value: field, label: t(`contactFields.${field}`) }));
  return (
    <>
      <Choices
        legend={t('inspector.whatToSet')}
        name={`scope-${node.id}`}
        value={target.scope}
        onChange={(scope) => update({ target: scope === 'variable' ? { scope, key: 'value' } : { scope, key: 'name' } }, 'target')}
        options={[
          { value: 'variable', label: t('inspector.aVariable') },
          { value: 'contact', label: t('inspector.aContactField') },
        ]}
      />
      {target.scope === 'variable' ? (
        <TextField label={t('inspector.variableName')} value={target.key} error={error('target.key')} mono onChange={(key) => update({ target: { scope: 'variable', key } }, 'target')} />
      ) : (
        <SelectField label={t('inspector.contactField')} value={target.key} error={error('target.key')} options={contactFieldOptions} onChange={(key) => update({ target: { scope: 'contact', key } }, 'target')} />
      )}
      <TextAreaField label={t('inspector.value')} hint={hint} value={node.value} error={error('value')} rows={2} onChange={(value) => update({ value }, 'value')} />
    </>
  );
}

export function HttpRequestForm({ node, update, error }: NodeFormProps<'http_request'>) {
  const t = useTranslations('flows.inspector');
  const variables = templateRef('variables');
  return (
    <>
      <SelectField
        label={t('method')}
        value={node.method}
        error={error('method')}
        options={httpRequestNodeSchema.shape.method.unwrap().options.map((method) => ({ value: method, label: method }))}
        onChange={(method) => update({ method }, 'method')}
      />
      <TextField label={t('url')} hint={t('urlHint', { example: variables })} value={node.url} error={error('url')} mono placeholder={examples.url} onChange={(url) => update({ url }, 'url')} />
      <RowList
        legend={t('headers')}
        itemName={t('header')}
        items={node.headers}
        max={20}
        addLabel={t('addHeader')}
        create={() => ({ name: '', value: '' })}
        onChange={(headers) => update({ headers }, 'headers')}
        renderRow={(header, i, set) => (
          <>
            <RowInput label={t('headerName', { index: String(i + 1) })} value={header.name} error={error(`headers[${i}].name`)} onChange={(name) => set({ ...header, name })} placeholder={examples.header} mono />
            <RowInput label={t('headerValue', { index: String(i + 1) })} value={header.value} error={error(`headers[${i}].value`)} onChange={(value) => set({ ...header, value })} mono />
          </>
        )}
      />
      {node.method !== 'GET' &&  <TextAreaField label={t('body')} hint={t('bodyHint', { example: variables })} value={node.body} error={error('body')} rows={4} mono onChange={(body) => update({ body }, 'body')} />}
      <NumberField label={t('timeoutSeconds')} value={node.timeoutSeconds} min={1} max={60} error={error('timeoutSeconds')} onChange={(timeoutSeconds) => update({ timeoutSeconds }, 'timeoutSeconds')} />
      {node.method !== 'GET' && (
        // Off by default: a failed POST, PUT, PATCH or DELETE is made once and takes the Failure output.
        <Switch
          label={t('idempotent', { method: node.method })}
          checked={node.idempotent}
          onChange={(idempotent) => update({ idempotent }, 'idempotent')}
        />
      )}
      <RowList
        legend={t('responseFields')}
        itemName={t('responseField')}
        items={node.responseFields}
        max={20}
        addLabel={t('addField')}
        create={() => ({ path: '', variable: '' })}
        onChange={(responseFields) => update({ responseFields }, 'responseFields')}
        renderRow={(field, i, set) => (
          <>
            <RowInput label={t('fieldPath', { index: String(i + 1) })} value={field.path} error={error(`responseFields[${i}].path`)} onChange={(path) => set({ ...field, path })} placeholder={examples.path} mono />
            <RowInput label={t('fieldVariable', { index: String(i + 1) })} value={field.variable} error={error(`responseFields[${i}].variable`)} onChange={(variable) => set({ ...field, variable })} placeholder={examples.variable} mono />
          </>
        )}
      />
    </>
  );
}

export function WaitForm({ node, update, error }: NodeFormProps<'wait'>) {
  const t = useTranslations('flows.inspector');
  return (
    <>
      <Choices
        legend={t('waitFor')}
        name={`wait-${node.id}`}
        value={node.mode}
        onChange={(mode) => update({ mode }, 'mode')}
        options={[
          { value: 'reply', label: t('waitReply') },
          { value: 'delay', label: t('waitDelay') },
        ]}
      />
      <NumberField
        label={node.mode === 'delay' ? t('pauseMinutes') : t('replyMinutes')}
        hint={node.mode === 'reply' ? t('replyMinutesHint') : undefined}
        value={node.minutes}
        min={1}
        max={60 * 24 * 30}
        error={error('minutes')}
        onChange={(minutes) => update({ minutes }, 'minutes')}
      />
    </>
  );
}

export function CreateLeadForm({ node, update, error }: NodeFormProps<'create_lead'>) {
  const t = useTranslations('flows.inspector');
  return <TextField label={t('leadTitle')} hint={t('leadTitleHint', { example: templateRef('lead_id') })} value={node.title} error={error('title')} onChange={(title) => update({ title }, 'title')} />;
}

export function SetPriorityForm({ node, update, error }: NodeFormProps<'set_priority'>) {
  const t = useTranslations('flows.inspector');
  return <NumberField label={t('priority')} hint={t('priorityHint')} value={node.priority} min={0} max={100} error={error('priority')} onChange={(priority) => update({ priority }, 'priority')} />;
}

export function SetTagForm({ node, update, error }: NodeFormProps<'set_tag'>) {
  const t = useTranslations('flows.inspector');
  return <TextField label={t('tag')} value={node.tag} error={error('tag')} placeholder={t('tagPlaceholder')} onChange={(tag) => update({ tag }, 'tag')} />;
}
