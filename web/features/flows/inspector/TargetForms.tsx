'use client';

import { useTranslations } from 'next-intl';
import { distributionModeSchema } from '../../../../domain/line-settings';
import { Field, Select } from '../../ui';
import { useFlowNames } from '../flow-names';
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
  const t = useTranslations('flows.inspector');
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
          {unknown && <option value={String(value)}>{t('notFound', { id: String(value) })}</option>}
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
  const t = useTranslations('flows.inspector');
  return (
    <Picker
      label={t('handOffTo')}
      value={node.lineId ?? 0}
      error={error('lineId')}
      options={lines}
      none={{ value: 0, label: t('thisLine') }}
      onChange={(lineId) => update({ lineId: lineId === 0 ? null : lineId }, 'lineId')}
    />
  );
}

export function TransferToUserForm({ node, update, error }: NodeFormProps<'transfer_to_user'>) {
  const { users } = useFlowNames();
  const t = useTranslations('flows.inspector');
  return <Picker label={t('user')} value={node.userId} error={error('userId')} options={users} none={{ value: '', label: t('chooseUser') }} onChange={(userId) => update({ userId }, 'userId')} />;
}

export function RouteToOperatorForm({ node, update, error }: NodeFormProps<'route_to_operator'>) {
  const { users } = useFlowNames();
  const t = useTranslations('flows.inspector');
  return <Picker label={t('operator')} value={node.userId} error={error('userId')} options={users} none={{ value: '', label: t('chooseOperator') }} onChange={(userId) => update({ userId }, 'userId')} />;
}

function FlowPicker({ label, value, error, onChange }: { label: string; value: number; error: string | null; onChange: (flowId: number) => void }) {
  const { flows } = useFlowNames();
  const t = useTranslations('flows.inspector');
  return <Picker label={label} hint={t('publishedBots')} value={value} error={error} options={flows} none={{ value: 0, label: t('chooseFlow') }} onChange={onChange} />;
}

export function JumpToFlowForm({ node, update, error }: NodeFormProps<'jump_to_flow'>) {
  const t = useTranslations('flows.inspector');
  return <FlowPicker label={t('continueIn')} value={node.flowId} error={error('flowId')} onChange={(flowId) => update({ flowId }, 'flowId')} />;
}

export function RunBotForm({ node, update, error }: NodeFormProps<'run_bot'>) {
  const t = useTranslations('flows.inspector');
  return <FlowPicker label={t('botFlow')} value={node.flowId} error={error('flowId')} onChange={(flowId) => update({ flowId }, 'flowId')} />;
}

export function RouteToLineForm({ node, update, error }: NodeFormProps<'route_to_line'>) {
  const { lines } = useFlowNames();
  const t = useTranslations('flows');
  return (
    <>
      <Picker label={t('inspector.line')} value={node.lineId} error={error('lineId')} options={lines} none={{ value: 0, label: t('inspector.chooseLine') }} onChange={(lineId) => update({ lineId }, 'lineId')} />
      <Field label={t('inspector.distribution')} hint={t('inspector.distributionHint')} error={error('mode')}>
        {(control) => (
          <Select {...control} value={node.mode ?? ''} onChange={(e) => update({ mode: e.target.value === '' ? null : distributionModeSchema.parse(e.target.value) }, 'mode')}>
            <option value="">{t('inspector.asLineIsSetUp')}</option>
            {distributionModeSchema.options.map((mode) => (
              <option key={mode} value={mode}>
                {t(`distribution.${mode}`).replace(/^./, (c) => c.toUpperCase())}
              </option>
            ))}
          </Select>
        )}
      </Field>
    </>
  );
}
