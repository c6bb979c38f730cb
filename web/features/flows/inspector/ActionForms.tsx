'use client';

import { httpRequestNodeSchema } from '../../../../domain/flows/document';
import { Choices, Switch } from '../../ui';
import { TEMPLATE_HINT } from './MessageForms';
import { NumberField, RowInput, RowList, SelectField, TextAreaField, TextField } from './fields';
import type { NodeFormProps } from './node-form';

const contactFieldOptions = [
  { value: 'name', label: 'Name' },
  { value: 'email', label: 'E-mail' },
  { value: 'phone', label: 'Phone' },
] as const;

export function SetVariableForm({ node, update, error }: NodeFormProps<'set_variable'>) {
  const { target } = node;
  return (
    <>
      <Choices
        legend="What to set"
        name={`scope-${node.id}`}
        value={target.scope}
        onChange={(scope) => update({ target: scope === 'variable' ? { scope, key: 'value' } : { scope, key: 'name' } }, 'target')}
        options={[
          { value: 'variable', label: 'A variable' },
          { value: 'contact', label: 'A contact field' },
        ]}
      />
      {target.scope === 'variable' ? (
        <TextField label="Variable name" value={target.key} error={error('target.key')} mono onChange={(key) => update({ target: { scope: 'variable', key } }, 'target')} />
      ) : (
        <SelectField label="Contact field" value={target.key} error={error('target.key')} options={contactFieldOptions} onChange={(key) => update({ target: { scope: 'contact', key } }, 'target')} />
      )}
      <TextAreaField label="Value" hint={TEMPLATE_HINT} value={node.value} error={error('value')} rows={2} onChange={(value) => update({ value }, 'value')} />
    </>
  );
}

export function HttpRequestForm({ node, update, error }: NodeFormProps<'http_request'>) {
  return (
    <>
      <SelectField
        label="Method"
        value={node.method}
        error={error('method')}
        options={httpRequestNodeSchema.shape.method.unwrap().options.map((method) => ({ value: method, label: method }))}
        onChange={(method) => update({ method }, 'method')}
      />
      <TextField label="URL" hint="An http(s) address; may use {{variables}}." value={node.url} error={error('url')} mono placeholder="https://api.example.com/orders/{{order}}" onChange={(url) => update({ url }, 'url')} />
      <RowList
        legend="Headers"
        items={node.headers}
        max={20}
        addLabel="Add a header"
        create={() => ({ name: '', value: '' })}
        onChange={(headers) => update({ headers }, 'headers')}
        renderRow={(header, i, set) => (
          <>
            <RowInput label={`Header ${i + 1} name`} value={header.name} error={error(`headers[${i}].name`)} onChange={(name) => set({ ...header, name })} placeholder="Authorization" mono />
            <RowInput label={`Header ${i + 1} value`} value={header.value} error={error(`headers[${i}].value`)} onChange={(value) => set({ ...header, value })} mono />
          </>
        )}
      />
      {node.method !== 'GET' && <TextAreaField label="Body" hint="Sent as it is; may use {{variables}}." value={node.body} error={error('body')} rows={4} mono onChange={(body) => update({ body }, 'body')} />}
      <NumberField label="Timeout, seconds" value={node.timeoutSeconds} min={1} max={60} error={error('timeoutSeconds')} onChange={(timeoutSeconds) => update({ timeoutSeconds }, 'timeoutSeconds')} />
      {node.method !== 'GET' && (
        // Off by default: a failed POST, PUT, PATCH or DELETE is made once and takes the Failure output.
        <Switch
          label={`Safe to repeat: retry a failed ${node.method} up to 3 times (only if the service ignores duplicates)`}
          checked={node.idempotent}
          onChange={(idempotent) => update({ idempotent }, 'idempotent')}
        />
      )}
      <RowList
        legend="Response fields to variables"
        items={node.responseFields}
        max={20}
        addLabel="Add a field"
        create={() => ({ path: '', variable: '' })}
        onChange={(responseFields) => update({ responseFields }, 'responseFields')}
        renderRow={(field, i, set) => (
          <>
            <RowInput label={`Field ${i + 1}: JSON path`} value={field.path} error={error(`responseFields[${i}].path`)} onChange={(path) => set({ ...field, path })} placeholder="data.items.0.name" mono />
            <RowInput label={`Field ${i + 1}: variable`} value={field.variable} error={error(`responseFields[${i}].variable`)} onChange={(variable) => set({ ...field, variable })} placeholder="item_name" mono />
          </>
        )}
      />
    </>
  );
}

export function WaitForm({ node, update, error }: NodeFormProps<'wait'>) {
  return (
    <>
      <Choices
        legend="What to wait for"
        name={`wait-${node.id}`}
        value={node.mode}
        onChange={(mode) => update({ mode }, 'mode')}
        options={[
          { value: 'reply', label: 'The client’s reply' },
          { value: 'delay', label: 'A pause' },
        ]}
      />
      <NumberField
        label={node.mode === 'delay' ? 'Pause, minutes' : 'Wait for a reply at most, minutes'}
        hint={node.mode === 'reply' ? 'Then the “Timeout” output.' : undefined}
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
  return <TextField label="Lead title" hint="The new lead’s id is then in {{lead_id}}." value={node.title} error={error('title')} onChange={(title) => update({ title }, 'title')} />;
}

export function SetPriorityForm({ node, update, error }: NodeFormProps<'set_priority'>) {
  return <NumberField label="Priority" hint="0–100; higher is offered first." value={node.priority} min={0} max={100} error={error('priority')} onChange={(priority) => update({ priority }, 'priority')} />;
}

export function SetTagForm({ node, update, error }: NodeFormProps<'set_tag'>) {
  return <TextField label="Tag" value={node.tag} error={error('tag')} placeholder="e.g. VIP" onChange={(tag) => update({ tag }, 'tag')} />;
}
