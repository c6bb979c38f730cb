'use client';

import { useQuery } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import type { FlowKind } from '../../../domain/flows/document';
import { useTRPC } from '../trpc/client';
import { errorMessage } from '../trpc/errors';
import { Field, Select } from '../ui';

/**
 * Chooses one published flow of a kind (SPEC §6). A chosen flow that is not in the list (never
 * published, deleted, another kind) stays selected and is marked, so saving shows the server's
 * reason instead of silently dropping it.
 */
export function FlowPicker({
  kind,
  label,
  hint,
  value,
  onChange,
  error,
  disabled = false,
  noneLabel,
}: {
  kind: FlowKind;
  label: string;
  hint?: string;
  value: number | null;
  onChange: (flowId: number | null) => void;
  error: string | null;
  disabled?: boolean;
  /** The empty choice, e.g. "No routing flow". */
  noneLabel: string;
}) {
  const t = useTranslations('lines.flowPicker');
  const trpc = useTRPC();
  const flows = useQuery(trpc.flows.published.queryOptions({ kind }));
  const listed = flows.data ?? [];
  const missing = value !== null && flows.isSuccess && !listed.some((f) => f.id === value);
  const loadError = flows.isError ? t('loadFailed', { reason: errorMessage(flows.error) }) : null;
  const empty = flows.isSuccess && listed.length === 0 ? t('noneYet', { kind }) : null;
  return (
    <Field label={label} hint={empty ?? hint} error={error ?? loadError}>
      {(control) => (
        <Select
          {...control}
          value={value === null ? '' : String(value)}
          disabled={disabled || flows.isPending}
          onChange={(e) => onChange(e.target.value === '' ? null : Number(e.target.value))}
        >
          <option value="">{flows.isPending ? t('loading') : noneLabel}</option>
          {listed.map((flow) => (
            <option key={flow.id} value={flow.id}>
              {t('option', { name: flow.name, version: flow.version })}
            </option>
          ))}
          {missing && <option value={value}>{t('missing', { id: value, kind })}</option>}
          {value !== null && flows.isPending && <option value={value}>{t('unknown', { id: value })}</option>}
        </Select>
      )}
    </Field>
  );
}
