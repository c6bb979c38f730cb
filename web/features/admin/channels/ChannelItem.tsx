'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ExternalLink } from 'lucide-react';
import { useId, useState } from 'react';
import { ActionModal } from '../../inbox/ActionModal';
import { useTRPC } from '../../trpc/client';
import { errorMessage } from '../../trpc/errors';
import { Badge, Button, Field, Input, Switch, useToast } from '../../ui';
import { channelKindLabels } from '../labels';
import { ChannelFormModal } from './ChannelFormModal';
import styles from './channels.module.css';
import { CopyButton } from './CopyButton';
import type { ChannelView } from './types';

const timeLabel = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });

type CheckResult = { ok: true; detail: string } | { ok: false; error: string };

/** One channel of the line: what it is, whether it works, where messengers deliver, and its actions. */
export function ChannelItem({ channel }: { channel: ChannelView }) {
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
  const onError = (error: unknown) => toast({ tone: 'error', title: 'The channel was not changed', description: errorMessage(error) });
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
        <Badge tone="accent">{channelKindLabels[channel.kind]}</Badge>
        <span id={nameId} className={styles.name}>
          {channel.name}
        </span>
        <StateBadge enabled={enabled} lastError={channel.lastError} />
      </div>

      <Switch
        checked={enabled}
        label="Enabled"
        onChange={(enabled) => toggle.mutate({ channelId: channel.id, enabled })}
      />

      <dl className={styles.facts}>
        <dt>Last message in</dt>
        <dd>{channel.lastInboundAt ? timeLabel.format(channel.lastInboundAt) : 'None yet'}</dd>
        {channel.lastError && (
          <>
            <dt>Last error</dt>
            <dd className={styles.error}>
              {channel.lastErrorAt && <time dateTime={channel.lastErrorAt.toISOString()}>{timeLabel.format(channel.lastErrorAt)}: </time>}
              {channel.lastError}
            </dd>
          </>
        )}
        {channel.secretsProblem && (
          <>
            <dt>Secrets</dt>
            <dd className={styles.error}>{channel.secretsProblem}</dd>
          </>
        )}
      </dl>

      {channel.webhookUrl && <UrlToCopy label="Webhook URL" value={channel.webhookUrl} hint="The messenger delivers this channel’s messages here." />}
      {channel.embedSnippet && <UrlToCopy label="Embed code" value={channel.embedSnippet} hint="Paste this before </body> on every page of your site." />}
      {channel.widgetUrl && (
        <p>
          <a href={channel.widgetUrl} target="_blank" rel="noreferrer" className={styles.link}>
            Open the hosted chat page <ExternalLink size={13} aria-hidden />
            <span className="visually-hidden">(opens in a new tab)</span>
          </a>
        </p>
      )}

      <div className={styles.actions}>
        <Button size="sm" loading={checkConnection.isPending} onClick={() => checkConnection.mutate({ channelId: channel.id })}>
          Check connection
        </Button>
        <Button size="sm" onClick={() => setEditing(true)}>
          Edit
        </Button>
        <Button size="sm" variant="danger" onClick={() => setRemoving(true)}>
          Remove
        </Button>
      </div>
      <p role="status" aria-live="polite" className={check ? (check.ok ? styles.ok : styles.error) : undefined}>
        {check ? (check.ok ? `Connected: ${check.detail}` : `Not connected: ${check.error}`) : ''}
      </p>

      {editing && <ChannelFormModal lineId={channel.lineId} channel={channel} onClose={() => setEditing(false)} />}
      {removing && (
        <ActionModal
          title={`Remove the channel “${channel.name}”?`}
          description="Clients can no longer reach the line through it, and its settings are deleted. A channel with dialogs cannot be removed: disable it instead."
          submitLabel="Remove channel"
          submitVariant="dangerSolid"
          pending={remove.isPending}
          error={remove.error ? errorMessage(remove.error) : null}
          onSubmit={() => remove.mutate({ channelId: channel.id }, { onSuccess: () => toast({ tone: 'success', title: 'Channel removed', description: channel.name }) })}
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
  if (!enabled) return <Badge tone="neutral">Disabled</Badge>;
  if (lastError) return <Badge tone="red" dot>Error</Badge>;
  return (
    <Badge tone="green" dot>
      Connected
    </Badge>
  );
}

function UrlToCopy({ label, value, hint }: { label: string; value: string; hint: string }) {
  return (
    <Field label={label} hint={hint}>
      {(control) => (
        <div className={styles.copyRow}>
          <Input {...control} readOnly value={value} className={styles.url} onFocus={(e) => e.target.select()} />
          <CopyButton text={value} label={`Copy ${label.toLowerCase()}`} what={label} />
        </div>
      )}
    </Field>
  );
}
