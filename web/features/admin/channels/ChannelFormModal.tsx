'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useEffect, useState } from 'react';
import { settingsForms } from '../../../../channels/settings-forms';
import { channelKindSchema, type ChannelKind } from '../../../../domain/channels';
import { ActionModal } from '../../inbox/ActionModal';
import { useTRPC } from '../../trpc/client';
import { errorMessage, fieldErrorsOf } from '../../trpc/errors';
import { Field, Input, Select, useToast } from '../../ui';
import { initialValues, submittedValues, type SettingsValues } from './settings-values';
import { SettingsFields } from './SettingsFields';
import type { ChannelView } from './types';

/** A kind can be added once its settings form is registered; the website chat needs none. */
function isAvailable(kind: ChannelKind): boolean {
  return kind === 'widget' || settingsForms[kind] !== undefined;
}

const firstAvailableKind = channelKindSchema.options.find((kind) => kind !== 'widget' && isAvailable(kind)) ?? 'widget';

/**
 * "Add channel" (no `channel`) or "Edit channel": the kind (fixed once created), a name, and the
 * kind's own settings. The server's refusal is shown next to the field it names.
 */
export function ChannelFormModal({ lineId, channel, onClose }: { lineId: number; channel?: ChannelView; onClose: () => void }) {
  const t = useTranslations('channels.form');
  const kinds = useTranslations('channels.kinds');
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [kind, setKind] = useState<ChannelKind>(channel?.kind ?? firstAvailableKind);
  const [name, setName] = useState(channel?.name ?? '');
  const fields = settingsForms[kind]?.fields ?? [];
  const [values, setValues] = useState<SettingsValues>(() => initialValues(fields, channel?.settings));
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [failedSaves, setFailedSaves] = useState(0);

  // After a refused save, take the admin to the first field the server named.
  useEffect(() => {
    if (failedSaves > 0) document.querySelector<HTMLElement>('dialog[open] [aria-invalid="true"]')?.focus();
  }, [failedSaves]);

  const callbacks = {
    onSuccess: async (saved: ChannelView) => {
      toast({ tone: 'success', title: channel ? t('saved') : t('added'), description: saved.name });
      await queryClient.invalidateQueries({ queryKey: trpc.channels.pathKey() });
      await queryClient.invalidateQueries({ queryKey: trpc.lines.pathKey() });
      onClose();
    },
    onError: (error: unknown) => {
      const fieldErrors = fieldErrorsOf(error);
      setErrors(fieldErrors);
      setFailedSaves((n) => n + 1);
      const named = Object.keys(fieldErrors).filter((field) => field === 'name' || field === 'kind' || fields.some((f) => `settings.${f.name}` === field));
      setFailure(named.length > 0 && named.length === Object.keys(fieldErrors).length ? t('fixFields') : errorMessage(error));
    },
  };
  const create = useMutation(trpc.channels.create.mutationOptions(callbacks));
  const update = useMutation(trpc.channels.update.mutationOptions(callbacks));
  const pending = create.isPending || update.isPending;
  const errorOf = (field: string) => errors[field]?.[0] ?? null;

  function chooseKind(next: ChannelKind) {
    setKind(next);
    setValues(initialValues(settingsForms[next]?.fields ?? []));
    setErrors({});
    setFailure(null);
  }

  function submit() {
    setFailure(null);
    const settings = submittedValues(fields, values);
    if (channel) update.mutate({ channelId: channel.id, name, settings });
    else create.mutate({ lineId, kind, name, settings });
  }

  return (
    <ActionModal
      title={channel ? t('editTitle', { name: channel.name }) : t('addTitle')}
      description={channel ? t('editDescription') : t('addDescription')}
      submitLabel={channel ? t('save') : t('create')}
      pending={pending}
      error={failure}
      onSubmit={submit}
      onClose={onClose}
    >
      <Field label={t('kind')} error={errorOf('kind')} hint={channel ? t('kindFixed') : undefined}>
        {(control) => (
          <Select {...control} value={kind} disabled={Boolean(channel)} onChange={(e) => chooseKind(e.target.value as ChannelKind)}>
            {channelKindSchema.options.map((option) => (
              <option key={option} value={option} disabled={!isAvailable(option)}>
                {isAvailable(option) ? kinds(option) : t('notAvailable', { kind: kinds(option) })}
              </option>
            ))}
          </Select>
        )}
      </Field>
      <Field label={t('name')} hint={t('nameHint')} error={errorOf('name')}>
        {(control) => <Input {...control} value={name} maxLength={200} required onChange={(e) => setName(e.target.value)} />}
      </Field>
      <SettingsFields
        kind={kind}
        fields={fields}
        values={values}
        maskedSecrets={channel?.maskedSecrets ?? null}
        errorOf={errorOf}
        onChange={(field, value) => setValues((current) => ({ ...current, [field]: value }))}
      />
    </ActionModal>
  );
}
