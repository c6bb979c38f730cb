'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { inferRouterOutputs } from '@trpc/server';
import { ChevronLeft } from 'lucide-react';
import Link from 'next/link';
import { useEffect, useMemo, useState } from 'react';
import type { AppRouter } from '../../server/trpc/routers/_app';
import { useTRPC } from '../trpc/client';
import { errorMessage, fieldErrorsOf } from '../trpc/errors';
import { Alert, Button, Card, Field, Input, Skeleton, useToast } from '../ui';
import styles from './admin.module.css';
import { ChannelsCard } from './ChannelsCard';
import { ClosingSection } from './ClosingSection';
import { CrmSection } from './CrmSection';
import { DistributionSection } from './DistributionSection';
import { FlowsSection } from './FlowsSection';
import { GreetingSection } from './GreetingSection';
import { KpiSection } from './KpiSection';
import { isKnownField, toForm, toSettings, type LineDetails, type LineForm } from './line-form';
import { NoAnswerSection } from './NoAnswerSection';
import { OperatorDisplaySection } from './OperatorDisplaySection';
import { QueueEditor } from './QueueEditor';
import { RatingSection } from './RatingSection';
import { WorkingHoursSection } from './WorkingHoursSection';

type UserOption = inferRouterOutputs<AppRouter>['users']['list'][number];

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
  const otherErrors = Object.entries(errors).filter(([field]) => !isKnownField(field));
  const update = (changes: Partial<LineForm>) => setForm((f) => ({ ...f, ...changes }));
  /** Props for a section editing one group of the form. */
  const section = <K extends 'distribution' | 'greeting' | 'noAnswer' | 'workingHours' | 'rating' | 'crm' | 'kpi' | 'flows' | 'operatorDisplay'>(key: K) => ({
    value: form[key],
    onChange: (changes: Partial<LineForm[K]>) => setForm((f) => ({ ...f, [key]: { ...f[key], ...changes } })),
    error,
  });

  function submit(event: React.FormEvent) {
    event.preventDefault();
    save.mutate({ lineId: line.id, name: form.name, settings: toSettings(form, line.settings), queue: form.queue.map((m) => m.userId) });
  }

  return (
    <div className={styles.page}>
      <BackLink />
      <header className={styles.pageHeader}>
        <div>
          <h1>{line.name}</h1>
          <p className={styles.pageDescription}>Queue, distribution, the automatic messages, CRM and KPI limits of this line.</p>
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

      {/* Channels are saved one by one with their own forms, which cannot sit inside this one. */}
      <form className={styles.sections} onSubmit={submit} noValidate aria-label="Line settings">
        <Card title="General">
          <Field label="Line name" hint="Internal: clients never see it." error={error('name')}>
            {(control) => <Input {...control} value={form.name} maxLength={200} onChange={(e) => update({ name: e.target.value })} />}
          </Field>
        </Card>

        <Card title="Queue" description="Operators in the queue answer this line’s dialogs. Order matters when several have waited equally long.">
          <QueueEditor queue={form.queue} users={users} usersLoading={usersLoading} onChange={(queue) => update({ queue })} error={error('queue')} />
        </Card>

        <DistributionSection {...section('distribution')} />
        <FlowsSection {...section('flows')} />
        <GreetingSection {...section('greeting')} />
        <OperatorDisplaySection {...section('operatorDisplay')} />
        <WorkingHoursSection {...section('workingHours')} />
        <NoAnswerSection {...section('noAnswer')} />
        <ClosingSection value={{ closing: form.closing, autoClose: form.autoClose, expiry: form.expiry }} onChange={update} error={error} />
        <RatingSection {...section('rating')} />
        <CrmSection {...section('crm')} />
        <KpiSection {...section('kpi')} users={users} usersLoading={usersLoading} />

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

      <div className={styles.sections} style={{ marginTop: 16 }}>
        <ChannelsCard lineId={line.id} />
      </div>
    </div>
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
