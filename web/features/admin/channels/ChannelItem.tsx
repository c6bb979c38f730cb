'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ExternalLink } from 'lucide-react';
import { useFormatter, useTranslations } from 'next-intl';
import { useId, useState } from 'react';
import { ActionModal } from '../../inbox/ActionModal';
import { useTRPC } from '../../trpc/client';
import { errorMessage } from '../../trpc/errors';
import { Badge, Button, Field, Input, Switch, useToast } from '../../ui';
import { ChannelFormModal } from './ChannelFormModal';
import styles from './channels.module.css';
import { browserTimeZone } from '../labels';
import { CopyButton } from './CopyButton';
import type { ChannelView } from './types';

type CheckResult = { ok: true; detail: string } | { ok: false; error: string };

/** One channel of the line: what it is, whether it works, where messengers deliver, and its actions. */
export function ChannelItem({ channel }: { channel: ChannelView }) {
  const t = useTranslations('channels.item');
  const kinds = useTranslations('channels.kinds');
  const format = useFormatter();
  const timeLabel = (at: Date) => format.dateTime(at, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', timeZone: browserTimeZone() });
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const nameId = useId();
  const [editing, setEditing] = useState(false);
  const [removing, setRemoving] = useState(false);
  const [check, setCheck] = useState<CheckResult | null>(null);

  const refresh = async () => {
    await queryClient.invalidateQueries({ queryKey: trpc.channels.pathKey() });
    await queryClient.invalidateQueries({ queryKey: trpc.lines.pathKey() });
  };
  const onError = (error: unknown) => toast({ tone: 'error', title: t('notChanged'), description: errorMessage(error) });
  const toggle = useMutation(trpc.channels.setEnabled.mutationOptions({ onSuccess: refresh, onError }));
  const checkConnection = useMutation(
    trpc.channels.checkConnection.mutationOptions({
      onSuccess: async (result) => {
        setCheck(result);
        await refresh();
      },
      onError: (error) => setCheck({ ok: false, error: errorMessage(error) }),
    }),
  );
  const remove = useMutation(trpc.channels.remove.mutationOptions({ onSuccess: refresh }));
  // The switch moves at once; it returns if the server refuses (the toast says why).
  const enabled = toggle.isPending ? toggle.variables.enabled : channel.enabled;

  return (
    <li className={styles.item} aria-labelledby={nameId}>
      <div className={styles.head}>
        <Badge tone="accent">{kinds(channel.kind)}</Badge>
        <span id={nameId} className={styles.name}>
          {channel.name}
        </span>
        <StateBadge enabled={enabled} lastError={channel.lastError} />
      </div>

      <Switch
        checked={enabled}
        label={t('enabled')}
        onChange={(enabled) => toggle.mutate({ channelId: channel.id, enabled })}
      />

      <dl className={styles.facts}>
        <dt>{t('lastMessageIn')}</dt>
        <dd>{channel.lastInboundAt ? timeLabel(channel.lastInboundAt) : t('noneYet')}</dd>
        {channel.lastError && (
          <>
            <dt>{t('lastError')}</dt>
            <dd className={styles.error}>
              {channel.lastErrorAt && <time dateTime={channel.lastErrorAt.toISOString()}>{t('errorAt', { time: timeLabel(channel.lastErrorAt) })}</time>}
              {channel.lastError}
            </dd>
          </>
        )}
        {channel.secretsProblem && (
          <>
            <dt>{t('secrets')}</dt>
            <dd className={styles.error}>{channel.secretsProblem}</dd>
          </>
        )}
      </dl>

      {channel.webhookUrl && <UrlToCopy label={t('webhookUrl')} copyLabel={t('copyWebhookUrl')} value={channel.webhookUrl} hint={t('webhookUrlHint')} />}
      {channel.embedSnippet && <UrlToCopy label={t('embedCode')} copyLabel={t('copyEmbedCode')} value={channel.embedSnippet} hint={t('embedCodeHint', { tag: '</body>' })} />}
      {channel.widgetUrl && (
        <p>
          <a href={channel.widgetUrl} target="_blank" rel="noreferrer" className={styles.link}>
            {t('openHosted')} <ExternalLink size={13} aria-hidden />
            <span className="visually-hidden">{t('newTab')}</span>
          </a>
        </p>
      )}

      <div className={styles.actions}>
        <Button size="sm" loading={checkConnection.isPending} onClick={() => checkConnection.mutate({ channelId: channel.id })}>
          {t('check')}
        </Button>
        <Button size="sm" onClick={() => setEditing(true)}>
          {t('edit')}
        </Button>
        <Button size="sm" variant="danger" onClick={() => setRemoving(true)}>
          {t('remove')}
        </Button>
      </div>
      <p role="status" aria-live="polite" className={check ? (check.ok ? styles.ok : styles.error) : undefined}>
        {check ? (check.ok ? t('connectedDetail', { detail: check.detail }) : t('notConnected', { error: check.error })) : ''}
      </p>

      {editing && <ChannelFormModal lineId={channel.lineId} channel={channel} onClose={() => setEditing(false)} />}
      {removing && (
        <ActionModal
          title={t('removeTitle', { name: channel.name })}
          description={t('removeDescription')}
          submitLabel={t('removeSubmit')}
          submitVariant="dangerSolid"
          pending={remove.isPending}
          error={remove.error ? errorMessage(remove.error) : null}
          onSubmit={() => remove.mutate({ channelId: channel.id }, { onSuccess: () => toast({ tone: 'success', title: t('removed'), description: channel.name }) })}
          onClose={() => {
            remove.reset();
            setRemoving(false);
          }}
        />
      )}
    </li>
  );
}

function StateBadge({ enabled, lastError }: { enabled: boolean; lastError: string | null }) {
  const t = useTranslations('channels.item');
  if (!enabled) return <Badge tone="neutral">{t('disabled')}</Badge>;
  if (lastError) return <Badge tone="red" dot>{t('error')}</Badge>;
  return (
    <Badge tone="green" dot>
      {t('connected')}
    </Badge>
  );
}

function UrlToCopy({ label, copyLabel, value, hint }: { label: string; copyLabel: string; value: string; hint: string }) {
  return (
    <Field label={label} hint={hint}>
      {(control) => (
        <div className={styles.copyRow}>
          <Input {...control} readOnly value={value} className={styles.url} onFocus={(e) => e.target.select()} />
          <CopyButton text={value} label={copyLabel} what={label} />
        </div>
      )}
    </Field>
  );
}
