'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { inferRouterOutputs } from '@trpc/server';
import { ChevronLeft, Shuffle } from 'lucide-react';
import Link from 'next/link';
import { useEffect, useMemo, useState } from 'react';
import type { LineSettings } from '../../../domain/line-settings';
import type { AppRouter } from '../../server/trpc/routers/_app';
import { useTRPC } from '../trpc/client';
import { errorMessage, fieldErrorsOf } from '../trpc/errors';
import { Alert, Button, Card, Choices, Field, Input, Skeleton, Switch, Textarea, useToast } from '../ui';
import styles from './admin.module.css';
import { ChannelsCard } from './ChannelsCard';
import { describeMinutes } from './labels';
import { QueueEditor, type QueueMember } from './QueueEditor';

type LineDetails = inferRouterOutputs<AppRouter>['lines']['get'];
type UserOption = inferRouterOutputs<AppRouter>['users']['list'][number];

/** The editable form: numbers stay strings while typed, so a half-typed value is not lost. */
interface LineForm {
  name: string;
  handoffMinutes: string;
  greeting: LineSettings['greeting'];
  rating: Omit<LineSettings['rating'], 'timeLimitMinutes'> & { timeLimitMinutes: string };
  closingText: string;
  queue: QueueMember[];
}

function toForm(line: LineDetails): LineForm {
  const { settings } = line;
  return {
    name: line.name,
    handoffMinutes: String(settings.distribution.handoffMinutes),
    greeting: { ...settings.greeting },
    rating: { ...settings.rating, timeLimitMinutes: String(settings.rating.timeLimitMinutes) },
    closingText: settings.closing.text,
    queue: line.queue,
  };
}

function toNumber(value: string): number {
  return value.trim() === '' ? Number.NaN : Number(value);
}

function toSettings(form: LineForm, original: LineSettings): LineSettings {
  // Settings this form does not show are kept as they are.
  return {
    ...original,
    distribution: { ...original.distribution, handoffMinutes: toNumber(form.handoffMinutes) },
    greeting: form.greeting,
    rating: { ...original.rating, ...form.rating, timeLimitMinutes: toNumber(form.rating.timeLimitMinutes) },
    closing: { ...original.closing, text: form.closingText },
  };
}

/** Fields shown in this form; a server error about anything else is listed at the top. */
const knownFields = new Set([
  'name',
  'queue',
  'settings.distribution.handoffMinutes',
  'settings.greeting.text',
  'settings.greeting.sendIn',
  'settings.rating.scale',
  'settings.rating.requestText',
  'settings.rating.thanksGoodText',
  'settings.rating.thanksBadText',
  'settings.rating.timeLimitMinutes',
  'settings.closing.text',
]);

export function LineEditor({ lineId }: { lineId: number }) {
  const trpc = useTRPC();
  const line = useQuery(trpc.lines.get.queryOptions({ lineId }));
  const users = useQuery(trpc.users.list.queryOptions());

  if (line.status === 'pending') return <EditorSkeleton />;
  if (line.status === 'error') {
    return (
      <div className={styles.page}>
        <BackLink />
        <Alert tone="error" role="alert">
          {errorMessage(line.error)}
        </Alert>
      </div>
    );
  }
  return <LineEditorForm key={line.data.updatedAt.toISOString()} line={line.data} users={users.data ?? []} usersLoading={users.isPending} />;
}

function BackLink() {
  return (
    <Link href="/admin" className={styles.breadcrumb}>
      <ChevronLeft size={15} aria-hidden /> All lines
    </Link>
  );
}

function LineEditorForm({ line, users, usersLoading }: { line: LineDetails; users: UserOption[]; usersLoading: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const initial = useMemo(() => toForm(line), [line]);
  const [form, setForm] = useState<LineForm>(initial);
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [failedSaves, setFailedSaves] = useState(0);
  const dirty = JSON.stringify(form) !== JSON.stringify(initial);

  // After a refused save, take the person to the first field that needs fixing.
  useEffect(() => {
    if (failedSaves === 0) return;
    const field = document.querySelector<HTMLElement>('form [aria-invalid="true"]');
    field?.focus({ preventScroll: true });
    field?.scrollIntoView({ block: 'center', behavior: 'smooth' });
  }, [failedSaves]);

  useEffect(() => {
    if (!dirty) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  const save = useMutation(
    trpc.lines.update.mutationOptions({
      onSuccess: async ({ queueChanged }) => {
        setErrors({});
        toast({ tone: 'success', title: 'Line saved', description: queueChanged ? 'Waiting dialogs are offered to the new queue right away.' : undefined });
        await queryClient.invalidateQueries({ queryKey: trpc.lines.pathKey() });
      },
      onError: (error) => {
        const fieldErrors = fieldErrorsOf(error);
        setErrors(fieldErrors);
        setFailedSaves((n) => n + 1);
        const count = Object.keys(fieldErrors).length;
        toast({
          tone: 'error',
          title: count ? `Fix ${count === 1 ? 'the highlighted field' : `${count} highlighted fields`}` : 'Could not save the line',
          description: count ? undefined : errorMessage(error),
        });
      },
    }),
  );

  const error = (field: string) => errors[field]?.[0] ?? null;
  const otherErrors = Object.entries(errors).filter(([field]) => !knownFields.has(field));
  const update = <K extends keyof LineForm>(key: K, value: LineForm[K]) => setForm((f) => ({ ...f, [key]: value }));
  const greeting = (changes: Partial<LineForm['greeting']>) => update('greeting', { ...form.greeting, ...changes });
  const rating = (changes: Partial<LineForm['rating']>) => update('rating', { ...form.rating, ...changes });

  function submit(event: React.FormEvent) {
    event.preventDefault();
    save.mutate({ lineId: line.id, name: form.name, settings: toSettings(form, line.settings), queue: form.queue.map((m) => m.userId) });
  }

  const ratingLimit = toNumber(form.rating.timeLimitMinutes);

  return (
    <form className={styles.page} onSubmit={submit} noValidate>
      <BackLink />
      <header className={styles.pageHeader}>
        <div>
          <h1>{line.name}</h1>
          <p className={styles.pageDescription}>Queue, distribution and the automatic messages of this line.</p>
        </div>
      </header>

      {otherErrors.length > 0 && (
        <div style={{ marginBottom: 16 }}>
          <Alert tone="error" role="alert">
            {otherErrors.map(([field, messages]) => (
              <p key={field}>
                {field}: {messages.join('; ')}
              </p>
            ))}
          </Alert>
        </div>
      )}

      <div className={styles.sections}>
        <Card title="General">
          <Field label="Line name" hint="Internal: clients never see it." error={error('name')}>
            {(control) => <Input {...control} value={form.name} maxLength={200} onChange={(e) => update('name', e.target.value)} />}
          </Field>
        </Card>

        <Card title="Queue" description="Operators in the queue answer this line’s dialogs. Order matters when several have waited equally long.">
          <QueueEditor queue={form.queue} users={users} usersLoading={usersLoading} onChange={(queue) => update('queue', queue)} error={error('queue')} />
        </Card>

        <Card title="Distribution" description="How a new dialog finds its operator.">
          <div className={styles.readOnly}>
            <Shuffle size={18} aria-hidden />
            <div>
              <p className={styles.readOnlyTitle}>Evenly</p>
              <p className={styles.pageDescription} style={{ marginTop: 0 }}>
                The operator who has gone longest without a new dialog gets the next one.
              </p>
            </div>
          </div>
          <div className={styles.narrow}>
            <Field
              label="Hand-off time"
              hint="1 to 30 minutes to take an offered dialog before it moves to the next operator."
              error={error('settings.distribution.handoffMinutes')}
            >
              {(control) => (
                <div className={styles.inline}>
                  <Input {...control} type="number" inputMode="numeric" min={1} max={30} step={1} value={form.handoffMinutes} onChange={(e) => update('handoffMinutes', e.target.value)} style={{ width: 90 }} />
                  <span className={styles.unit}>minutes</span>
                </div>
              )}
            </Field>
          </div>
        </Card>

        <Card title="Greeting" description="An automatic first answer, sent the moment a dialog starts.">
          <Switch checked={form.greeting.enabled} onChange={(enabled) => greeting({ enabled })} label="Send a greeting" />
          <div className={styles.disabledGroup} data-off={!form.greeting.enabled}>
            <Field label="Greeting text" error={error('settings.greeting.text')}>
              {(control) => <Textarea {...control} rows={3} value={form.greeting.text} disabled={!form.greeting.enabled} onChange={(e) => greeting({ text: e.target.value })} />}
            </Field>
            <div>
              <p className={styles.readOnlyTitle} style={{ marginBottom: 8 }} id="greeting-when">
                Send it in
              </p>
              <Choices
                legend="When to send the greeting"
                name="greeting-send-in"
                value={form.greeting.sendIn}
                onChange={(sendIn) => greeting({ sendIn })}
                options={[
                  { value: 'every_dialog', label: 'Every new dialog', disabled: !form.greeting.enabled },
                  { value: 'first_dialog', label: 'Only a client’s first dialog', disabled: !form.greeting.enabled },
                ]}
              />
            </div>
          </div>
        </Card>

        <Card title="Rating" description="After a dialog is closed, the client is asked to rate it.">
          <Switch checked={form.rating.enabled} onChange={(enabled) => rating({ enabled })} label="Ask the client for a rating" />
          <div className={styles.disabledGroup} data-off={!form.rating.enabled}>
            <div>
              <p className={styles.readOnlyTitle} style={{ marginBottom: 8 }}>
                Scale
              </p>
              <Choices
                legend="Rating scale"
                name="rating-scale"
                value={form.rating.scale}
                onChange={(scale) => rating({ scale })}
                options={[
                  { value: 'like_dislike', label: 'Like / dislike', disabled: !form.rating.enabled },
                  { value: 'five_stars', label: '1 to 5 stars', disabled: !form.rating.enabled },
                ]}
              />
            </div>
            <Field label="Request text" error={error('settings.rating.requestText')}>
              {(control) => <Textarea {...control} rows={2} value={form.rating.requestText} disabled={!form.rating.enabled} onChange={(e) => rating({ requestText: e.target.value })} />}
            </Field>
            <div className={styles.grid2}>
              <Field label="Thank-you for a good rating" error={error('settings.rating.thanksGoodText')}>
                {(control) => <Textarea {...control} rows={2} value={form.rating.thanksGoodText} disabled={!form.rating.enabled} onChange={(e) => rating({ thanksGoodText: e.target.value })} />}
              </Field>
              <Field label="Thank-you for a bad rating" error={error('settings.rating.thanksBadText')}>
                {(control) => <Textarea {...control} rows={2} value={form.rating.thanksBadText} disabled={!form.rating.enabled} onChange={(e) => rating({ thanksBadText: e.target.value })} />}
              </Field>
            </div>
            <div className={styles.narrow}>
              <Field label="Time to answer" hint={describeMinutes(ratingLimit) ? `= ${describeMinutes(ratingLimit)}` : 'In minutes'} error={error('settings.rating.timeLimitMinutes')}>
                {(control) => (
                  <div className={styles.inline}>
                    <Input
                      {...control}
                      type="number"
                      inputMode="numeric"
                      min={1}
                      step={1}
                      value={form.rating.timeLimitMinutes}
                      disabled={!form.rating.enabled}
                      onChange={(e) => rating({ timeLimitMinutes: e.target.value })}
                      style={{ width: 110 }}
                    />
                    <span className={styles.unit}>minutes</span>
                  </div>
                )}
              </Field>
            </div>
          </div>
        </Card>

        <Card title="Closing" description="Sent to the client when an operator closes the dialog.">
          <Field label="Closing text" hint="Optional. Leave empty to close without a message." error={error('settings.closing.text')}>
            {(control) => <Textarea {...control} rows={3} value={form.closingText} onChange={(e) => update('closingText', e.target.value)} placeholder="e.g. Thanks for reaching out — have a great day!" />}
          </Field>
        </Card>

        <ChannelsCard channels={line.channels} />
      </div>

      <div className={styles.saveBar}>
        <div className={styles.saveBarInner}>
          <p className={styles.saveStatus} role="status">
            {dirty ? <span className={styles.dirty}>Unsaved changes</span> : 'All changes saved'}
          </p>
          <Button
            disabled={!dirty || save.isPending}
            onClick={() => {
              setForm(initial);
              setErrors({});
            }}
          >
            Discard
          </Button>
          <Button type="submit" variant="primary" loading={save.isPending} disabled={!dirty}>
            Save changes
          </Button>
        </div>
      </div>
    </form>
  );
}

function EditorSkeleton() {
  return (
    <div className={styles.page} aria-busy="true" aria-label="Loading line">
      <Skeleton width={90} height={12} style={{ marginBottom: 14 }} />
      <Skeleton width={220} height={22} style={{ marginBottom: 24 }} />
      <div className={styles.sections}>
        {[120, 220, 160].map((height, i) => (
          <Skeleton key={i} height={height} radius={12} />
        ))}
      </div>
    </div>
  );
}
