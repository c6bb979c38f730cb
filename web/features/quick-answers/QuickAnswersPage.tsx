'use client';

import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { inferRouterOutputs } from '@trpc/server';
import { MessageSquareText, Paperclip, Pencil, Plus, Search, Trash2, X } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { MAX_QUICK_ANSWER_TEXT_LENGTH, MAX_QUICK_ANSWER_TITLE_LENGTH, quickAnswerPlaceholders } from '../../../domain/quick-answers';
import type { AppRouter } from '../../server/trpc/routers/_app';
import adminStyles from '../admin/admin.module.css';
import { ActionModal } from '../inbox/ActionModal';
import { useInboxFormat } from '../inbox/format';
import { uploadStaffFile } from '../inbox/upload-file';
import { useTRPC } from '../trpc/client';
import { errorMessage, fieldErrorsOf } from '../trpc/errors';
import { Alert, Badge, Button, EmptyState, Field, Input, Select, Skeleton, Textarea, useToast } from '../ui';

type QuickAnswerRow = inferRouterOutputs<AppRouter>['quickAnswers']['list'][number];
type Editing = { row: QuickAnswerRow | null };

/** SPEC §5: the quick answers admins and directors keep for operators (one line's or everyone's). */
export function QuickAnswersPage() {
  const trpc = useTRPC();
  const [search, setSearch] = useState('');
  const t = useTranslations('quickAnswers');
  const format = useInboxFormat();
  const list = useQuery({ ...trpc.quickAnswers.list.queryOptions({ search: search.trim() }), placeholderData: keepPreviousData });
  const [editing, setEditing] = useState<Editing | null>(null);
  const [deleting, setDeleting] = useState<QuickAnswerRow | null>(null);

  return (
    <div className={adminStyles.page}>
      <header className={adminStyles.pageHeader}>
        <div>
          <h1>{t('pageTitle')}</h1>
          <p className={adminStyles.pageDescription}>{t('description')}</p>
        </div>
        <Button variant="primary" icon={<Plus size={16} />} onClick={() => setEditing({ row: null })}>
          {t('new')}
        </Button>
      </header>

      <div style={{ display: 'flex', alignItems: 'center', gap: 8, marginBottom: 12, maxWidth: 420 }}>
        <Search size={16} aria-hidden />
        <label htmlFor="quick-answer-search" className="visually-hidden">
          {t('searchLabel')}
        </label>
        <Input id="quick-answer-search" type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder={t('searchPlaceholder')} maxLength={100} />
      </div>

      {list.status === 'pending' && (
        <div className={adminStyles.tableCard} aria-busy="true" aria-label={t('loading')}>
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
          {t('loadFailed')} {errorMessage(list.error)}
        </Alert>
      )}
      {list.status === 'success' && list.data.length === 0 && (
        <div className={adminStyles.tableCard}>
          <EmptyState
            icon={<MessageSquareText size={20} />}
            title={search.trim() ? t('noMatch', { query: search.trim() }) : t('emptyTitle')}
            description={t('emptyText', { placeholder: '{client.name}' })}
            action={
              <Button variant="primary" icon={<Plus size={16} />} onClick={() => setEditing({ row: null })}>
                {t('new')}
              </Button>
            }
          />
        </div>
      )}
      {list.status === 'success' && list.data.length > 0 && (
        <div className={adminStyles.tableCard}>
          <table className={adminStyles.table}>
            <caption className="visually-hidden">{t('pageTitle')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('columns.title')}</th>
                <th scope="col" className={adminStyles.hideSmall}>
                  {t('columns.text')}
                </th>
                <th scope="col">{t('columns.for')}</th>
                <th scope="col">{t('columns.uses')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('columns.actions')}</span>
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
                        <span className="visually-hidden"> {t('filesWord', { count: row.files.length })}</span>
                      </span>
                    )}
                  </td>
                  <td className={adminStyles.hideSmall} style={{ color: 'var(--text-muted)', maxWidth: 380, whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }}>
                    {row.text}
                  </td>
                  <td>{row.lineName ? row.lineName : <Badge tone="accent">{t('everyLine')}</Badge>}</td>
                  <td aria-label={t('used', { count: row.usageCount })}>{format.number(row.usageCount)}</td>
                  <td style={{ textAlign: 'right', whiteSpace: 'nowrap' }}>
                    <Button variant="ghost" size="sm" iconOnly icon={<Pencil size={15} />} aria-label={t('editItem', { title: row.title })} title={t('edit')} onClick={() => setEditing({ row })} />
                    <Button variant="ghost" size="sm" iconOnly icon={<Trash2 size={15} />} aria-label={t('deleteItem', { title: row.title })} title={t('deleteAction')} onClick={() => setDeleting(row)} />
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

const placeholderKeys = { 'client.name': 'clientName', 'operator.name': 'operatorName', 'line.name': 'lineName' } as const;

function QuickAnswerForm({ row, onClose }: { row: QuickAnswerRow | null; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const t = useTranslations('quickAnswers.form');
  const uploadingText = useTranslations('common.ui')('uploading');
  const format = useInboxFormat();
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
      toast({ tone: 'success', title: row ? t('saved', { title: title.trim() }) : t('created', { title: title.trim() }) });
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
        const stored = await uploadStaffFile('/api/quick-answers/files', file, { unreachable: t('unreachable'), failed: (status) => t('uploadFailed', { status }) });
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
      title={row ? t('editTitle', { title: row.title }) : t('newTitle')}
      submitLabel={row ? t('save') : t('create')}
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
      <Field label={t('title')} hint={t('titleHint')} error={fieldErrors.title?.[0]}>
        {(control) => <Input {...control} value={title} onChange={(e) => setTitle(e.target.value)} maxLength={MAX_QUICK_ANSWER_TITLE_LENGTH} autoFocus placeholder={t('titlePlaceholder')} />}
      </Field>
      <Field
        label={t('text')}
        hint={
          <>
            {t('placeholders')}{' '}
            {quickAnswerPlaceholders.map((name, i) => (
              <span key={name}>
                {i > 0 && ', '}
                <code>{`{${name}}`}</code> {t(`placeholder.${placeholderKeys[name]}`)}
              </span>
            ))}
            {t('placeholdersEnd')}
          </>
        }
        error={fieldErrors.text?.[0]}
      >
        {(control) => <Textarea {...control} value={text} onChange={(e) => setText(e.target.value)} rows={5} maxLength={MAX_QUICK_ANSWER_TEXT_LENGTH} placeholder={t('textPlaceholder', { placeholder: '{client.name}' })} />}
      </Field>
      <Field label={t('for')} hint={t('forHint')} error={fieldErrors.lineId?.[0]}>
        {(control) => (
          <Select {...control} value={lineId ?? ''} onChange={(e) => setLineId(e.target.value ? Number(e.target.value) : null)}>
            <option value="">{t('everyLine')}</option>
            {(lines.data ?? []).map((line) => (
              <option key={line.id} value={line.id}>
                {line.name}
              </option>
            ))}
          </Select>
        )}
      </Field>
      <div style={{ display: 'grid', gap: 6 }}>
        <span style={{ fontWeight: 560, fontSize: 13 }}>{t('files')}</span>
        {files.length > 0 && (
          <ul aria-label={t('filesLabel')} style={{ listStyle: 'none', margin: 0, padding: 0, display: 'grid', gap: 4 }}>
            {files.map((file) => (
              <li key={file.fileId} style={{ display: 'flex', alignItems: 'center', gap: 6 }}>
                <Paperclip size={13} aria-hidden />
                {file.name} <span style={{ color: 'var(--text-muted)' }}>{format.fileSize(file.size)}</span>
                <Button variant="ghost" size="sm" iconOnly icon={<X size={13} />} aria-label={t('remove', { name: file.name })} onClick={() => setFiles((list) => list.filter((f) => f.fileId !== file.fileId))} />
              </li>
            ))}
          </ul>
        )}
        <label style={{ fontSize: 13 }}>
          <span className="visually-hidden">{t('attach')}</span>
          <input type="file" multiple disabled={uploading} onChange={(e) => e.target.files && void attach(e.target.files).then(() => (e.target.value = ''))} />
        </label>
        {uploading && <span role="status">{uploadingText}</span>}
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
  const t = useTranslations('quickAnswers.delete');
  const remove = useMutation(
    trpc.quickAnswers.delete.mutationOptions({
      onSuccess: () => {
        void queryClient.invalidateQueries({ queryKey: trpc.quickAnswers.pathKey() });
        toast({ tone: 'success', title: t('deleted', { title: row.title }) });
        onClose();
      },
    }),
  );
  return (
    <ActionModal
      title={t('title', { title: row.title })}
      description={t('description')}
      submitLabel={t('submit')}
      submitVariant="dangerSolid"
      pending={remove.isPending}
      error={remove.error ? errorMessage(remove.error) : null}
      onSubmit={() => remove.mutate({ id: row.id })}
      onClose={onClose}
    />
  );
}
