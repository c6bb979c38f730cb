'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { BookOpen, KeyRound, Plus } from 'lucide-react';
import { useFormatter, useTranslations } from 'next-intl';
import { useState } from 'react';
import { apiScopes, type ApiScope } from '../../../domain/api-scopes';
import adminStyles from '../admin/admin.module.css';
import { CopyButton } from '../admin/channels/CopyButton';
import { useTRPC } from '../trpc/client';
import { errorMessage, fieldErrorsOf } from '../trpc/errors';
import { Alert, Badge, Button, EmptyState, Field, Input, Skeleton } from '../ui';
import styles from './api-keys.module.css';

/** Admin → API keys: keys of the public REST API with scopes, shown once, with their last use. */

const createdFormat = { dateStyle: 'medium' } as const;
export function ApiKeysPage() {
  const t = useTranslations('api');
  const format = useFormatter();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const keys = useQuery(trpc.apiKeys.list.queryOptions());
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<{ name: string; token: string } | null>(null);
  const revoke = useMutation(trpc.apiKeys.revoke.mutationOptions({ onSuccess: () => queryClient.invalidateQueries(trpc.apiKeys.list.queryFilter()) }));

  return (
    <div className={adminStyles.page}>
      <header className={adminStyles.pageHeader}>
        <div>
          <h1>{t('title')}</h1>
          <p className={adminStyles.pageDescription}>{t('description')}</p>
        </div>
        <div className={styles.headerActions}>
          <a className={styles.docsLink} href="/api/v1/docs" target="_blank" rel="noreferrer">
            <BookOpen size={15} aria-hidden />
            {t('reference')}
          </a>
          {!creating && (
            <Button variant="primary" icon={<Plus size={15} />} onClick={() => setCreating(true)}>
              {t('create')}
            </Button>
          )}
        </div>
      </header>

      {created && (
        <div className={styles.tokenBox} role="status">
          <p>{t('shownOnce', { name: created.name })}</p>
          <div className={styles.tokenRow}>
            <Input readOnly value={created.token} aria-label={t('tokenLabel', { name: created.name })} onFocus={(e) => e.currentTarget.select()} />
            <CopyButton text={created.token} label={t('copyToken')} what={t('token')} />
          </div>
          <Button size="sm" variant="ghost" onClick={() => setCreated(null)}>
            {t('done')}
          </Button>
        </div>
      )}

      {creating && (
        <CreateKeyForm
          onCancel={() => setCreating(false)}
          onCreated={(result) => {
            setCreating(false);
            setCreated(result);
            void queryClient.invalidateQueries(trpc.apiKeys.list.queryFilter());
          }}
        />
      )}

      {keys.status === 'pending' && (
        <div className={adminStyles.tableCard} aria-busy="true" aria-label={t('loading')}>
          {[0, 1, 2].map((i) => (
            <div key={i} className={styles.skeletonRow}>
              <Skeleton width={160} height={14} />
              <Skeleton width={220} height={14} />
              <Skeleton width={100} height={14} />
            </div>
          ))}
        </div>
      )}
      {keys.status === 'error' && (
        <Alert tone="error" role="alert">
          {t('loadFailed', { reason: errorMessage(keys.error) })}
        </Alert>
      )}
      {revoke.error && (
        <Alert tone="error" role="alert">
          {errorMessage(revoke.error)}
        </Alert>
      )}
      {keys.status === 'success' && keys.data.length === 0 && (
        <div className={adminStyles.tableCard}>
          <EmptyState icon={<KeyRound size={20} />} title={t('emptyTitle')} description={t('emptyDescription')} />
        </div>
      )}
      {keys.status === 'success' && keys.data.length > 0 && (
        <div className={adminStyles.tableCard}>
          <div className={styles.scroll}>
            <table className={adminStyles.table}>
              <thead>
                <tr>
                  <th scope="col">{t('columns.name')}</th>
                  <th scope="col">{t('columns.scopes')}</th>
                  <th scope="col">{t('columns.created')}</th>
                  <th scope="col">{t('columns.lastUsed')}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t('columns.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {keys.data.map((key) => (
                  <tr key={key.id} data-revoked={key.revokedAt ? 'true' : undefined} className={key.revokedAt ? styles.revoked : undefined}>
                    <td>
                      <div className={styles.keyName}>{key.name}</div>
                      <code className={styles.prefix}>{key.prefix}…</code>
                    </td>
                    <td>
                      <div className={styles.scopes}>
                        {key.scopes.map((scope) => (
                          <Badge key={scope} tone="neutral">
                            {scope}
                          </Badge>
                        ))}
                      </div>
                    </td>
                    <td>
                      {format.dateTime(key.createdAt, createdFormat)}
                      {key.createdByName && <div className={styles.muted}>{t('by', { name: key.createdByName })}</div>}
                    </td>
                    <td>{key.lastUsedAt ? format.relativeTime(key.lastUsedAt) : <span className={styles.muted}>{t('neverUsed')}</span>}</td>
                    <td className={styles.actions}>
                      {key.revokedAt ? (
                        <Badge tone="red">{t('revokedOn', { date: format.dateTime(key.revokedAt, { dateStyle: 'medium' }) })}</Badge>
                      ) : (
                        <Button
                          size="sm"
                          variant="danger"
                          loading={revoke.isPending && revoke.variables.keyId === key.id}
                          aria-label={t('revokeLabel', { name: key.name })}
                          onClick={() => {
                            if (window.confirm(t('revokeConfirm', { name: key.name }))) revoke.mutate({ keyId: key.id });
                          }}
                        >
                          {t('revoke')}
                        </Button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      )}
    </div>
  );
}

function CreateKeyForm({ onCancel, onCreated }: { onCancel: () => void; onCreated: (result: { name: string; token: string }) => void }) {
  const t = useTranslations('api');
  const trpc = useTRPC();
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<ApiScope[]>([]);
  const create = useMutation(trpc.apiKeys.create.mutationOptions({ onSuccess: (result) => onCreated({ name: result.key.name, token: result.token }) }));
  const fieldErrors = fieldErrorsOf(create.error);
  const toggle = (scope: ApiScope, on: boolean) => setScopes((current) => (on ? [...current, scope] : current.filter((s) => s !== scope)));

  return (
    <form
      className={adminStyles.createForm}
      aria-label={t('createForm')}
      onSubmit={(e) => {
        e.preventDefault();
        create.mutate({ name, scopes });
      }}
    >
      <Field label={t('name')} hint={t('nameHint')} error={fieldErrors.name?.[0] ?? null}>
        {(control) => <Input {...control} autoFocus value={name} maxLength={100} onChange={(e) => setName(e.target.value)} />}
      </Field>
      <fieldset className={styles.scopeSet} aria-describedby={fieldErrors.scopes ? 'api-key-scopes-error' : undefined}>
        <legend>{t('scopes')}</legend>
        <div className={styles.scopeGrid}>
          {apiScopes.map((scope) => (
            <label key={scope} className={styles.scopeOption}>
              <input type="checkbox" checked={scopes.includes(scope)} onChange={(e) => toggle(scope, e.target.checked)} />
              <span>
                <code>{scope}</code>
                <span className={styles.muted}>{t(`scopeDescriptions.${scope}`)}</span>
              </span>
            </label>
          ))}
        </div>
        {fieldErrors.scopes && (
          <p id="api-key-scopes-error" role="alert" className={styles.error}>
            {fieldErrors.scopes[0]}
          </p>
        )}
      </fieldset>
      {create.error && !fieldErrors.name && !fieldErrors.scopes && (
        <Alert tone="error" role="alert">
          {errorMessage(create.error)}
        </Alert>
      )}
      <div className={adminStyles.createButtons}>
        <Button type="submit" variant="primary" loading={create.isPending}>
          {t('createSubmit')}
        </Button>
        <Button onClick={onCancel}>{t('cancel')}</Button>
      </div>
    </form>
  );
}
