'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { inferRouterOutputs } from '@trpc/server';
import { ChevronLeft } from 'lucide-react';
import { useTranslations } from 'next-intl';
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
import { isKnownField, toForm, toRetentionDays, toSettings, type LineDetails, type LineForm } from './line-form';
import { NoAnswerSection } from './NoAnswerSection';
import { OperatorDisplaySection } from './OperatorDisplaySection';
import { QueueEditor } from './QueueEditor';
import { RatingSection } from './RatingSection';
import { RetentionSection } from './RetentionSection';
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
  const t = useTranslations('lines.editor');
  return (
    <Link href="/admin" className={styles.breadcrumb}>
      <ChevronLeft size={15} aria-hidden /> {t('back')}
    </Link>
  );
}

function LineEditorForm({ line, users, usersLoading }: { line: LineDetails; users: UserOption[]; usersLoading: boolean }) {
  const t = useTranslations('lines');
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
        toast({ tone: 'success', title: t('editor.saved'), description: queueChanged ? t('editor.savedQueueChanged') : undefined });
        await queryClient.invalidateQueries({ queryKey: trpc.lines.pathKey() });
      },
      onError: (error) => {
        const fieldErrors = fieldErrorsOf(error);
        setErrors(fieldErrors);
        setFailedSaves((n) => n + 1);
        const count = Object.keys(fieldErrors).length;
        toast({
          tone: 'error',
          title: count ? t('editor.fixFields', { count }) : t('editor.saveFailed'),
          description: count ? undefined : errorMessage(error),
        });
      },
    }),
  );

  const error = (field: string) => errors[field]?.[0] ?? null;
  const otherErrors = Object.entries(errors).filter(([field]) => !isKnownField(field));
  const update = (changes: Partial<LineForm>) => setForm((f) => ({ ...f, ...changes }));
  /** Props for a section editing one group of the form. */
  const section = <K extends 'distribution' | 'greeting' | 'noAnswer' | 'workingHours' | 'rating' | 'crm' | 'kpi' | 'flows' | 'operatorDisplay' | 'retention'>(key: K) => ({
    value: form[key],
    onChange: (changes: Partial<LineForm[K]>) => setForm((f) => ({ ...f, [key]: { ...f[key], ...changes } })),
    error,
  });

  const sections = {
    distribution: section('distribution'),
    flows: section('flows'),
    greeting: section('greeting'),
    operatorDisplay: section('operatorDisplay'),
    workingHours: section('workingHours'),
    noAnswer: section('noAnswer'),
    rating: section('rating'),
    crm: section('crm'),
    kpi: section('kpi'),
    retention: section('retention'),
  };

  function submit(event: React.FormEvent) {
    event.preventDefault();
    save.mutate({
      lineId: line.id,
      name: form.name,
      settings: toSettings(form, line.settings),
      queue: form.queue.map((m) => m.userId),
      retentionDays: toRetentionDays(form.retention),
    });
  }

  return (
    <div className={styles.page}>
      <BackLink />
      <header className={styles.pageHeader}>
        <div>
          <h1>{line.name}</h1>
          <p className={styles.pageDescription}>{t('editor.description')}</p>
        </div>
      </header>

      {otherErrors.length > 0 && (
        <div style={{ marginBottom: 16 }}>
          <Alert tone="error" role="alert">
            {otherErrors.map(([field, messages]) => (
              <p key={field}>{t('editor.otherError', { field, messages: messages.join('; ') })}</p>
            ))}
          </Alert>
        </div>
      )}

      {/* Channels are saved one by one with their own forms, which cannot sit inside this one. */}
      <form className={styles.sections} onSubmit={submit} noValidate aria-label={t('editor.formLabel')}>
        <Card title={t('general.title')}>
          <Field label={t('general.nameLabel')} hint={t('general.nameHint')} error={error('name')}>
            {(control) => <Input {...control} value={form.name} maxLength={200} onChange={(e) => update({ name: e.target.value })} />}
          </Field>
        </Card>

        <Card title={t('queue.title')} description={t('queue.description')}>
          <QueueEditor queue={form.queue} users={users} usersLoading={usersLoading} onChange={(queue) => update({ queue })} error={error('queue')} />
        </Card>

        <DistributionSection {...sections.distribution} />
        <FlowsSection {...sections.flows} />
        <GreetingSection {...sections.greeting} />
        <OperatorDisplaySection {...sections.operatorDisplay} />
        <WorkingHoursSection {...sections.workingHours} />
        <NoAnswerSection {...sections.noAnswer} />
        <ClosingSection value={{ closing: form.closing, autoClose: form.autoClose, expiry: form.expiry }} onChange={update} error={error} />
        <RatingSection {...sections.rating} />
        <CrmSection {...sections.crm} />
        <KpiSection {...sections.kpi} users={users} usersLoading={usersLoading} />
        <RetentionSection {...sections.retention} />

        <div className={styles.saveBar}>
          <div className={styles.saveBarInner}>
            <p className={styles.saveStatus} role="status">
              {dirty ? <span className={styles.dirty}>{t('editor.unsaved')}</span> : t('editor.allSaved')}
            </p>
            <Button
              disabled={!dirty || save.isPending}
              onClick={() => {
                setForm(initial);
                setErrors({});
              }}
            >
              {t('editor.discard')}
            </Button>
            <Button type="submit" variant="primary" loading={save.isPending} disabled={!dirty}>
              {t('editor.save')}
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
  const t = useTranslations('lines.editor');
  return (
    <div className={styles.page} aria-busy="true" aria-label={t('loading')}>
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
