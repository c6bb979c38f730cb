'use client';

import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { inferRouterOutputs } from '@trpc/server';
import { MessageSquareText, Paperclip, Pencil, Plus, Search, Trash2, X } from 'lucide-react';
import { useState } from 'react';
import { MAX_QUICK_ANSWER_TEXT_LENGTH, MAX_QUICK_ANSWER_TITLE_LENGTH, placeholderDescriptions, quickAnswerPlaceholders } from '../../../domain/quick-answers';
import { formatFileSize } from '../../../domain/files';
import type { AppRouter } from '../../server/trpc/routers/_app';
import type { UploadedFile } from '../../server/services/files';
import adminStyles from '../admin/admin.module.css';
import { ActionModal } from '../inbox/ActionModal';
import { useTRPC } from '../trpc/client';
import { errorMessage, fieldErrorsOf } from '../trpc/errors';
import { Alert, Badge, Button, EmptyState, Field, Input, Select, Skeleton, Textarea, useToast } from '../ui';

type QuickAnswerRow = inferRouterOutputs<AppRouter>['quickAnswers']['list'][number];
type Editing = { row: QuickAnswerRow | null };

/** SPEC §5: the quick answers admins and directors keep for operators (one line's or everyone's). */
export function QuickAnswersPage() {
  const trpc = useTRPC();
  const [search, setSearch] = useState('');
  const list = useQuery({ ...trpc.quickAnswers.list.queryOptions({ search: search.trim() }), placeholderData: keepPreviousData });
  const [editing, setEditing] = useState<Editing | null>(null);
  const [deleting, setDeleting] = useState<QuickAnswerRow | null>(null);

  return (
    <div className={adminStyles.page}>
      <header className={adminStyles.pageHeader}>
        <div>
          <h1>Quick answers</h1>
          <p className={adminStyles.pageDescription}>Saved replies operators insert by typing “/” in the reply box. Most used first.</p>
        </div>
        <Button variant="primary" icon={<Plus size={16} />} onClick={() => setEditing({ row: null })}>
          New quick answer
        </Button>
      </header>

      <div style={{ display: 'flex', alignItems: 'center', gap: 8, marginBottom: 12, maxWidth: 420 }}>
        <Search size={16} aria-hidden />
        <label htmlFor="quick-answer-search" className="visually-hidden">
          Search quick answers
        </label>
        <Input id="quick-answer-search" type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder="Search by title or text" maxLength={100} />
      </div>

      {list.status === 'pending' && (
        <div className={adminStyles.tableCard} aria-busy="true" aria-label="Loading quick answers">
          {[0, 1, 2].map((i) => (
            <div key={i} style={{ display: 'flex', gap: 24, padding: 18, borderBottom: '1px solid var(--border)' }}>
              <Skeleton width={160} height={14} />
              <Skeleton width={260} height={14} />
            </div>
          ))}
        </div>
      )}
      {list.status === 'error' && (
        <Alert tone="error" role="alert">
          Could not load the quick answers. {errorMessage(list.error)}
        </Alert>
      )}
      {list.status === 'success' && list.data.length === 0 && (
        <div className={adminStyles.tableCard}>
          <EmptyState
            icon={<MessageSquareText size={20} />}
            title={search.trim() ? `Nothing matches “${search.trim()}”` : 'No quick answers yet'}
            description="Save the replies operators type again and again — greetings, prices, opening hours — with {client.name} for the client's name."
            action={
              <Button variant="primary" icon={<Plus size={16} />} onClick={() => setEditing({ row: null })}>
                New quick answer
              </Button>
            }
          />
        </div>
      )}
      {list.status === 'success' && list.data.length > 0 && (
        <div className={adminStyles.tableCard}>
          <table className={adminStyles.table}>
            <caption className="visually-hidden">Quick answers</caption>
            <thead>
              <tr>
                <th scope="col">Title</th>
                <th scope="col" className={adminStyles.hideSmall}>
                  Text
                </th>
                <th scope="col">For</th>
                <th scope="col">Uses</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.data.map((row) => (
                <tr key={row.id}>
                  <td>
                    <strong>{row.title}</strong>
                    {row.files.length > 0 && (
                      <span style={{ marginLeft: 6, color: 'var(--text-muted)' }} title={row.files.map((f) => f.name).join(', ')}>
                        <Paperclip size={12} aria-hidden /> {row.files.length}
                        <span className="visually-hidden"> file(s)</span>
                      </span>
                    )}
                  </td>
                  <td className={adminStyles.hideSmall} style={{ color: 'var(--text-muted)', maxWidth: 380, whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }}>
                    {row.text}
                  </td>
                  <td>{row.lineName ? row.lineName : <Badge tone="accent">Every line</Badge>}</td>
                  <td aria-label={`Used ${row.usageCount} times`}>{row.usageCount}</td>
                  <td style={{ textAlign: 'right', whiteSpace: 'nowrap' }}>
                    <Button variant="ghost" size="sm" iconOnly icon={<Pencil size={15} />} aria-label={`Edit ${row.title}`} title="Edit" onClick={() => setEditing({ row })} />
                    <Button variant="ghost" size="sm" iconOnly icon={<Trash2 size={15} />} aria-label={`Delete ${row.title}`} title="Delete" onClick={() => setDeleting(row)} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {editing && <QuickAnswerForm row={editing.row} onClose={() => setEditing(null)} />}
      {deleting && <DeleteQuickAnswerDialog row={deleting} onClose={() => setDeleting(null)} />}
    </div>
  );
}

type FormFile = { fileId: number; name: string; size: number };

async function uploadQuickAnswerFile(file: File): Promise<UploadedFile> {
  const response = await fetch('/api/quick-answers/files', {
    method: 'POST',
    body: file,
    headers: { 'Content-Type': file.type || 'application/octet-stream', 'X-File-Name': encodeURIComponent(file.name) },
  }).catch(() => {
    throw new Error('The server could not be reached. Check your connection and attach the file again.');
  });
  const body = (await response.json().catch(() => null)) as (UploadedFile & { error?: { message?: string } }) | null;
  if (!response.ok || !body) throw new Error(body?.error?.message ?? `The upload failed (HTTP ${response.status}); attach the file again.`);
  return body;
}

function QuickAnswerForm({ row, onClose }: { row: QuickAnswerRow | null; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const lines = useQuery(trpc.quickAnswers.lines.queryOptions());
  const [title, setTitle] = useState(row?.title ?? '');
  const [text, setText] = useState(row?.text ?? '');
  const [lineId, setLineId] = useState<number | null>(row?.lineId ?? null);
  const [files, setFiles] = useState<FormFile[]>(row?.files ?? []);
  const [uploading, setUploading] = useState(false);
  const [uploadError, setUploadError] = useState<string | null>(null);
  const options = {
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: trpc.quickAnswers.pathKey() });
      toast({ tone: 'success', title: row ? `Quick answer “${title.trim()}” saved` : `Quick answer “${title.trim()}” created` });
      onClose();
    },
  };
  const create = useMutation(trpc.quickAnswers.create.mutationOptions(options));
  const update = useMutation(trpc.quickAnswers.update.mutationOptions(options));
  const save = row ? update : create;
  const fieldErrors = fieldErrorsOf(save.error);
  const hasFieldError = Object.keys(fieldErrors).some((field) => ['title', 'text', 'lineId', 'fileIds'].includes(field));

  async function attach(chosen: FileList) {
    setUploadError(null);
    setUploading(true);
    try {
      for (const file of [...chosen]) {
        const stored = await uploadQuickAnswerFile(file);
        setFiles((list) => [...list, { fileId: stored.fileId, name: stored.name, size: stored.size }]);
      }
    } catch (error) {
      setUploadError(error instanceof Error ? error.message : String(error));
    } finally {
      setUploading(false);
    }
  }

  return (
    <ActionModal
      title={row ? `Edit “${row.title}”` : 'New quick answer'}
      submitLabel={row ? 'Save' : 'Create quick answer'}
      pending={save.isPending}
      canSubmit={!uploading}
      error={save.error && !hasFieldError ? errorMessage(save.error) : null}
      onSubmit={() => {
        const input = { title, text, lineId, fileIds: files.map((f) => f.fileId) };
        if (row) update.mutate({ id: row.id, ...input });
        else create.mutate(input);
      }}
      onClose={onClose}
    >
      <Field label="Title" hint="What operators type after “/” to find it." error={fieldErrors.title?.[0]}>
        {(control) => <Input {...control} value={title} onChange={(e) => setTitle(e.target.value)} maxLength={MAX_QUICK_ANSWER_TITLE_LENGTH} autoFocus placeholder="e.g. Delivery times" />}
      </Field>
      <Field
        label="Text"
        hint={
          <>
            Placeholders:{' '}
            {quickAnswerPlaceholders.map((name, i) => (
              <span key={name}>
                {i > 0 && ', '}
                <code>{`{${name}}`}</code> {placeholderDescriptions[name]}
              </span>
            ))}
            . An unknown name is left out with its comma.
          </>
        }
        error={fieldErrors.text?.[0]}
      >
        {(control) => <Textarea {...control} value={text} onChange={(e) => setText(e.target.value)} rows={5} maxLength={MAX_QUICK_ANSWER_TEXT_LENGTH} placeholder="Hello {client.name}, …" />}
      </Field>
      <Field label="For" hint="Operators of this line only, or of every line." error={fieldErrors.lineId?.[0]}>
        {(control) => (
          <Select {...control} value={lineId ?? ''} onChange={(e) => setLineId(e.target.value ? Number(e.target.value) : null)}>
            <option value="">Every line</option>
            {(lines.data ?? []).map((line) => (
              <option key={line.id} value={line.id}>
                {line.name}
              </option>
            ))}
          </Select>
        )}
      </Field>
      <div style={{ display: 'grid', gap: 6 }}>
        <span style={{ fontWeight: 560, fontSize: 13 }}>Files</span>
        {files.length > 0 && (
          <ul aria-label="Files of this quick answer" style={{ listStyle: 'none', margin: 0, padding: 0, display: 'grid', gap: 4 }}>
            {files.map((file) => (
              <li key={file.fileId} style={{ display: 'flex', alignItems: 'center', gap: 6 }}>
                <Paperclip size={13} aria-hidden />
                {file.name} <span style={{ color: 'var(--text-muted)' }}>{formatFileSize(file.size)}</span>
                <Button variant="ghost" size="sm" iconOnly icon={<X size={13} />} aria-label={`Remove ${file.name}`} onClick={() => setFiles((list) => list.filter((f) => f.fileId !== file.fileId))} />
              </li>
            ))}
          </ul>
        )}
        <label style={{ fontSize: 13 }}>
          <span className="visually-hidden">Attach files to this quick answer</span>
          <input type="file" multiple disabled={uploading} onChange={(e) => e.target.files && void attach(e.target.files).then(() => (e.target.value = ''))} />
        </label>
        {uploading && <span role="status">Uploading…</span>}
        {(uploadError ?? fieldErrors.fileIds?.[0]) && (
          <Alert tone="error" role="alert">
            {uploadError ?? fieldErrors.fileIds?.[0]}
          </Alert>
        )}
      </div>
    </ActionModal>
  );
}

function DeleteQuickAnswerDialog({ row, onClose }: { row: QuickAnswerRow; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const remove = useMutation(
    trpc.quickAnswers.delete.mutationOptions({
      onSuccess: () => {
        void queryClient.invalidateQueries({ queryKey: trpc.quickAnswers.pathKey() });
        toast({ tone: 'success', title: `Quick answer “${row.title}” deleted` });
        onClose();
      },
    }),
  );
  return (
    <ActionModal
      title={`Delete “${row.title}”?`}
      description="Operators can no longer insert it; replies already sent keep their text and files."
      submitLabel="Delete quick answer"
      submitVariant="dangerSolid"
      pending={remove.isPending}
      error={remove.error ? errorMessage(remove.error) : null}
      onSubmit={() => remove.mutate({ id: row.id })}
      onClose={onClose}
    />
  );
}
