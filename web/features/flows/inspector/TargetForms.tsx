'use client';

import { distributionModeSchema } from '../../../../domain/line-settings';
import { Field, Select } from '../../ui';
import { useFlowNames } from '../flow-names';
import { distributionModeLabels } from '../node-kinds';
import type { NodeFormProps } from './node-form';

/** A picker of lines, users or flows by name; an id the lists no longer have stays selectable. */
function Picker<T extends string | number>({ label, hint, value, error, options, none, onChange }: {
  label: string;
  hint?: string;
  value: T;
  error: string | null;
  options: ReadonlyMap<T, string>;
  none: { value: T; label: string };
  onChange: (value: T) => void;
}) {
  const entries = [...options.entries()];
  const unknown = value !== none.value && !options.has(value);
  return (
    <Field label={label} hint={hint} error={error}>
      {(control) => (
        <Select
          {...control}
          value={String(value)}
          onChange={(e) => {
            const raw = e.target.value;
            onChange((typeof none.value === 'number' ? Number(raw) : raw) as T);
          }}
        >
          <option value={String(none.value)}>{none.label}</option>
          {unknown && <option value={String(value)}>#{String(value)} (not found)</option>}
          {entries.map(([id, name]) => (
            <option key={String(id)} value={String(id)}>
              {name}
            </option>
          ))}
        </Select>
      )}
    </Field>
  );
}

export function HandoffForm({ node, update, error }: NodeFormProps<'handoff'>) {
  const { lines } = useFlowNames();
  return (
    <Picker
      label="Hand off to"
      value={node.lineId ?? 0}
      error={error('lineId')}
      options={lines}
      none={{ value: 0, label: 'This dialog’s line' }}
      onChange={(lineId) => update({ lineId: lineId === 0 ? null : lineId }, 'lineId')}
    />
  );
}

export function TransferToUserForm({ node, update, error }: NodeFormProps<'transfer_to_user'>) {
  const { users } = useFlowNames();
  return <Picker label="User" value={node.userId} error={error('userId')} options={users} none={{ value: '', label: 'Choose a user' }} onChange={(userId) => update({ userId }, 'userId')} />;
}

export function RouteToOperatorForm({ node, update, error }: NodeFormProps<'route_to_operator'>) {
  const { users } = useFlowNames();
  return <Picker label="Operator" value={node.userId} error={error('userId')} options={users} none={{ value: '', label: 'Choose an operator' }} onChange={(userId) => update({ userId }, 'userId')} />;
}

function FlowPicker({ label, value, error, onChange }: { label: string; value: number; error: string | null; onChange: (flowId: number) => void }) {
  const { flows } = useFlowNames();
  return <Picker label={label} hint="Published bot flows." value={value} error={error} options={flows} none={{ value: 0, label: 'Choose a flow' }} onChange={onChange} />;
}

export function JumpToFlowForm({ node, update, error }: NodeFormProps<'jump_to_flow'>) {
  return <FlowPicker label="Continue in flow" value={node.flowId} error={error('flowId')} onChange={(flowId) => update({ flowId }, 'flowId')} />;
}

export function RunBotForm({ node, update, error }: NodeFormProps<'run_bot'>) {
  return <FlowPicker label="Bot flow" value={node.flowId} error={error('flowId')} onChange={(flowId) => update({ flowId }, 'flowId')} />;
}

export function RouteToLineForm({ node, update, error }: NodeFormProps<'route_to_line'>) {
  const { lines } = useFlowNames();
  return (
    <>
      <Picker label="Line" value={node.lineId} error={error('lineId')} options={lines} none={{ value: 0, label: 'Choose a line' }} onChange={(lineId) => update({ lineId }, 'lineId')} />
      <Field label="Distribution" hint="How the line offers this dialog to its operators." error={error('mode')}>
        {(control) => (
          <Select {...control} value={node.mode ?? ''} onChange={(e) => update({ mode: e.target.value === '' ? null : distributionModeSchema.parse(e.target.value) }, 'mode')}>
            <option value="">As the line is set up</option>
            {distributionModeSchema.options.map((mode) => (
              <option key={mode} value={mode}>
                {distributionModeLabels[mode].replace(/^./, (c) => c.toUpperCase())}
              </option>
            ))}
          </Select>
        )}
      </Field>
    </>
  );
}
