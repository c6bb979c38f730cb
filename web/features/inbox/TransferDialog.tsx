'use client';

import { useMutation } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { useTRPC } from '../trpc/client';
import { errorMessage } from '../trpc/errors';
import { Choices, Field, Textarea } from '../ui';
import { ActionModal } from './ActionModal';
import { OperatorPicker, TargetsState, useTransferTargets } from './OperatorPicker';
import { PickList } from './PickList';
import type { DialogView } from './types';

const COMMENT_MAX = 1000;

/** SPEC §4 rule 6: to another operator, or to a line's queue, with a comment only staff see. */
export function TransferDialog({ view, onClose, onTransferred }: { view: DialogView; onClose: () => void; onTransferred: (targetName: string) => void }) {
  const trpc = useTRPC();
  const targets = useTransferTargets();
  const [kind, setKind] = useState<'operator' | 'line'>('operator');
  const [operatorId, setOperatorId] = useState<string | null>(null);
  const [lineId, setLineId] = useState<string | null>(null);
  const [comment, setComment] = useState('');
  const t = useTranslations('inbox.transfer');
  const transfer = useMutation(trpc.dialogs.transfer.mutationOptions());

  const currentOperator = new Set(view.operator ? [view.operator.id] : []);
  const operators = (targets.data?.operators ?? []).filter((o) => !currentOperator.has(o.id));
  const lines = targets.data?.lines ?? [];
  const targetName = kind === 'operator' ? operators.find((o) => o.id === operatorId)?.name : lines.find((l) => String(l.id) === lineId)?.name;

  function submit() {
    const to = kind === 'operator' ? (operatorId ? { kind, operatorId } : null) : lineId ? { kind, lineId: Number(lineId) } : null;
    if (!to) return;
    transfer.mutate(
      { dialogId: view.id, to, ...(comment.trim() ? { comment } : {}) },
      { onSuccess: () => onTransferred(kind === 'operator' ? (targetName ?? t('theOperator')) : t('lineQueue', { line: targetName ?? '' })) },
    );
  }

  return (
    <ActionModal
      title={t('title')}
      description={t('description', { name: view.contact.label, id: view.id })}
      submitLabel={t('submit')}
      pending={transfer.isPending}
      canSubmit={Boolean(targetName)}
      error={transfer.error ? errorMessage(transfer.error) : null}
      onSubmit={submit}
      onClose={onClose}
    >
      <Choices
        legend={t('to')}
        name="transfer-kind"
        value={kind}
        onChange={setKind}
        options={[
          { value: 'operator', label: t('toOperator') },
          { value: 'line', label: t('toLine') },
        ]}
      />
      {kind === 'operator' ? (
        <OperatorPicker
          targets={targets}
          exclude={currentOperator}
          name="transfer-operator"
          noun="operator"
          emptyText={t('nobody')}
          value={operatorId}
          onChange={setOperatorId}
        />
      ) : targets.status === 'success' ? (
        <PickList
          legend={t('line')}
          name="transfer-line"
          searchLabel={lines.length > 8 ? t('searchLines') : undefined}
          emptyText={t('noLines')}
          options={lines.map((line) => ({
            id: String(line.id),
            label: line.name,
            hint: line.id === view.line.id ? t('ownLine') : undefined,
          }))}
          value={lineId}
          onChange={setLineId}
        />
      ) : (
        <TargetsState targets={targets} />
      )}
      <Field label={t('comment')} hint={t('commentHint', { max: COMMENT_MAX })}>
        {(control) => <Textarea {...control} rows={3} maxLength={COMMENT_MAX} value={comment} onChange={(e) => setComment(e.target.value)} />}
      </Field>
    </ActionModal>
  );
}
