'use client';

import { useQuery } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useTRPC } from '../trpc/client';
import { errorMessage } from '../trpc/errors';
import { Alert, Avatar, Skeleton } from '../ui';
import { useAvailabilityText } from '../shell/availability-text';
import { PickList } from './PickList';

function browserTimeZone(): string | undefined {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || undefined;
}

/** Active colleagues (available ones first, with their status) and lines: what a dialog can go to. */
export function useTransferTargets() {
  const trpc = useTRPC();
  return useQuery(trpc.dialogs.transferTargets.queryOptions({ timeZone: browserTimeZone() }));
}

type Targets = ReturnType<typeof useTransferTargets>;

/** The lists' loading and failure states. */
export function TargetsState({ targets }: { targets: Targets }) {
  if (targets.status === 'pending') return <Skeleton height={160} radius={8} />;
  if (targets.status === 'error') {
    return (
      <Alert tone="error" role="alert">
        {errorMessage(targets.error)}
      </Alert>
    );
  }
  return null;
}

/** A searchable list of colleagues to pick one from, leaving out `exclude` (the dialog's operator, …). */
export function OperatorPicker({
  targets,
  exclude,
  name,
  noun,
  emptyText,
  value,
  onChange,
}: {
  targets: Targets;
  exclude: ReadonlySet<string>;
  name: string;
  /** Names the list and its search box. */
  noun: 'operator' | 'colleague';
  emptyText: string;
  value: string | null;
  onChange: (userId: string) => void;
}) {
  const t = useTranslations('inbox.pickList');
  const roles = useTranslations('common.roles');
  const availabilityText = useAvailabilityText(browserTimeZone());
  if (targets.status !== 'success') return <TargetsState targets={targets} />;
  const operators = targets.data.operators.filter((o) => !exclude.has(o.id));
  return (
    <PickList
      legend={t(`${noun}.legend`)}
      name={name}
      searchLabel={t(`${noun}.search`)}
      emptyText={emptyText}
      value={value}
      onChange={onChange}
      options={operators.map((operator) => ({
        id: operator.id,
        label: operator.name,
        icon: <Avatar name={operator.name} colorKey={operator.id} size={26} />,
        hint: [availabilityText.reason(operator.reasonCode) ?? availabilityText.status(operator.status), roles(operator.role)].join(' · '),
      }))}
    />
  );
}
