'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { inferRouterOutputs } from '@trpc/server';
import { Plus, Trash2, Workflow } from 'lucide-react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import type { FlowKind } from '../../../domain/flows/document';
import type { AppRouter } from '../../server/trpc/routers/_app';
import styles from '../admin/admin.module.css';
import { ActionModal } from '../inbox/ActionModal';
import { useTRPC } from '../trpc/client';
import { errorMessage, fieldErrorsOf } from '../trpc/errors';
import { Alert, Badge, Button, Choices, EmptyState, Field, Input, Skeleton, useToast } from '../ui';

type FlowRow = inferRouterOutputs<AppRouter>['flows']['list'][number];

const kindLabels: Record<FlowKind, string> = { bot: 'Bot', routing: 'Routing' };

/** SPEC §6: the admin's flows — bot scenarios and routing scenarios — and which lines use them. */
export function FlowsPage() {
  const trpc = useTRPC();
  const flows = useQuery(trpc.flows.list.queryOptions());
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState<FlowRow | null>(null);

  return (
    <div className={styles.page}>
      <header className={styles.pageHeader}>
        <div>
          <h1>Flows</h1>
          <p className={styles.pageDescription}>Bots that talk to clients and routing scenarios that decide where a new dialog goes.</p>
        </div>
        {!creating && (
          <Button variant="primary" icon={<Plus size={16} />} onClick={() => setCreating(true)}>
            New flow
          </Button>
        )}
      </header>

      {creating && <CreateFlowForm onCancel={() => setCreating(false)} />}

      {flows.status === 'pending' && (
        <div className={styles.tableCard} aria-busy="true" aria-label="Loading flows">
          {[0, 1, 2].map((i) => (
            <div key={i} style={{ display: 'flex', gap: 24, padding: 18, borderBottom: '1px solid var(--border)' }}>
              <Skeleton width={180} height={14} />
              <Skeleton width={70} height={14} />
              <Skeleton width={120} height={14} />
            </div>
          ))}
        </div>
      )}
      {flows.status === 'error' && (
        <Alert tone="error" role="alert">
          Could not load the flows. {errorMessage(flows.error)}
        </Alert>
      )}
      {flows.status === 'success' && flows.data.length === 0 && !creating && (
        <div className={styles.tableCard}>
          <EmptyState
            icon={<Workflow size={20} />}
            title="No flows yet"
            description="Draw a bot that greets clients and collects their details, or a routing scenario that sends VIP clients to their own line."
            action={
              <Button variant="primary" icon={<Plus size={16} />} onClick={() => setCreating(true)}>
                New flow
              </Button>
            }
          />
        </div>
      )}
      {flows.status === 'success' && flows.data.length > 0 && (
        <div className={styles.tableCard}>
          <table className={styles.table}>
            <caption className="visually-hidden">Flows</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Kind</th>
                <th scope="col">Published</th>
                <th scope="col" className={styles.hideSmall}>
                  Updated
                </th>
                <th scope="col">Used by</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {flows.data.map((flow) => (
                <tr key={flow.id}>
                  <td>
                    <Link href={`/admin/flows/${flow.id}`} className={styles.lineName}>
                      {flow.name}
                    </Link>
                  </td>
                  <td>
                    <Badge tone={flow.kind === 'bot' ? 'accent' : 'neutral'}>{kindLabels[flow.kind]}</Badge>
                  </td>
                  <td>
                    {flow.publishedVersion === null ? (
                      <Badge tone="amber">Draft only</Badge>
                    ) : (
                      <span title={flow.publishedAt ? `Published ${flow.publishedAt.toLocaleString()}` : undefined}>Version {flow.publishedVersion}</span>
                    )}
                  </td>
                  <td className={styles.hideSmall} style={{ color: 'var(--text-muted)' }}>
                    {flow.updatedAt.toLocaleDateString(undefined, { dateStyle: 'medium' })}
                  </td>
                  <td>
                    {flow.usedByLines.length === 0 ? (
                      <span style={{ color: 'var(--text-muted)' }}>No line</span>
                    ) : (
                      <span className={styles.chips}>
                        {flow.usedByLines.map((line) => (
                          <Link key={line.id} href={`/admin/lines/${line.id}`}>
                            {line.name}
                          </Link>
                        ))}
                      </span>
                    )}
                  </td>
                  <td style={{ textAlign: 'right' }}>
                    <Button variant="ghost" size="sm" iconOnly icon={<Trash2 size={15} />} aria-label={`Delete ${flow.name}`} title="Delete" onClick={() => setDeleting(flow)} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {deleting && <DeleteFlowDialog flow={deleting} onClose={() => setDeleting(null)} />}
    </div>
  );
}

function CreateFlowForm({ onCancel }: { onCancel: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const [name, setName] = useState('');
  const [kind, setKind] = useState<FlowKind>('bot');
  const create = useMutation(
    trpc.flows.create.mutationOptions({
      onSuccess: ({ id }) => {
        void queryClient.invalidateQueries({ queryKey: trpc.flows.list.queryKey() });
        router.push(`/admin/flows/${id}`);
      },
    }),
  );
  const nameError = create.error ? (fieldErrorsOf(create.error).name?.[0] ?? errorMessage(create.error)) : null;
  return (
    <form
      className={styles.createForm}
      style={{ flexWrap: 'wrap' }}
      onSubmit={(event) => {
        event.preventDefault();
        create.mutate({ name, kind });
      }}
    >
      <Field label="Name of the new flow" hint="Internal: clients never see it." error={nameError}>
        {(control) => <Input {...control} value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. Lead collection bot" autoFocus maxLength={120} />}
      </Field>
      <div style={{ display: 'grid', gap: 6 }}>
        <span style={{ fontWeight: 560, fontSize: 13 }}>Kind</span>
        <Choices
          legend="Kind"
          name="flow-kind"
          value={kind}
          onChange={setKind}
          options={[
            { value: 'bot', label: 'Bot' },
            { value: 'routing', label: 'Routing' },
          ]}
        />
      </div>
      <div className={styles.createButtons}>
        <Button type="submit" variant="primary" loading={create.isPending}>
          Create flow
        </Button>
        <Button onClick={onCancel}>Cancel</Button>
      </div>
    </form>
  );
}

function DeleteFlowDialog({ flow, onClose }: { flow: FlowRow; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const remove = useMutation(
    trpc.flows.delete.mutationOptions({
      onSuccess: () => {
        void queryClient.invalidateQueries({ queryKey: trpc.flows.pathKey() });
        toast({ tone: 'success', title: `Flow “${flow.name}” deleted` });
        onClose();
      },
    }),
  );
  return (
    <ActionModal
      title={`Delete “${flow.name}”?`}
      description={
        flow.usedByLines.length > 0
          ? `It is used by ${flow.usedByLines.map((line) => line.name).join(', ')}: choose another flow there first.`
          : 'Its draft and every published version are deleted. Dialogs already running finish with their version.'
      }
      submitLabel="Delete flow"
      submitVariant="dangerSolid"
      pending={remove.isPending}
      error={remove.error ? errorMessage(remove.error) : null}
      onSubmit={() => remove.mutate({ flowId: flow.id })}
      onClose={onClose}
    />
  );
}
