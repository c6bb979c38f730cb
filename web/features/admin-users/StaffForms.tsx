'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Copy, KeyRound, UserPlus } from 'lucide-react';
import { useLocale, useTranslations } from 'next-intl';
import { useState } from 'react';
import { localeLabels, LOCALES, localeSchema, type Locale } from '../../../domain/locale';
import { roleSchema, type Role } from '../../../domain/roles';
import { INVITATION_TTL_DAYS, PASSWORD_MIN_LENGTH, type PasswordSetup } from '../../../domain/staff';
import { useTRPC } from '../trpc/client';
import { errorMessage, fieldErrorsOf } from '../trpc/errors';
import { Alert, Button, Field, Input, Select, useToast } from '../ui';
import { useDayFormat } from './format';
import styles from './users.module.css';

/** A one-time link, shown once after it is made, with a copy button. */
export function OneTimeLinkBox({ link, name }: { link: { url: string; expiresAt: Date }; name: string }) {
  const toast = useToast();
  const t = useTranslations('users.link');
  const { day } = useDayFormat();
  return (
    <div className={styles.linkBox} role="status">
      <p>{t('text', { name, until: day(link.expiresAt) })}</p>
      <div className={styles.linkRow}>
        <Input readOnly value={link.url} aria-label={t('label', { name })} onFocus={(e) => e.currentTarget.select()} />
        <Button
          icon={<Copy size={14} />}
          onClick={() =>
            void navigator.clipboard.writeText(link.url).then(
              () => toast({ tone: 'success', title: t('copied') }),
              () => toast({ tone: 'error', title: t('copyFailed'), description: t('copyFailedHint') }),
            )
          }
        >
          {t('copy')}
        </Button>
      </div>
    </div>
  );
}

/** Password now, or a one-time link the user opens to choose one. */
function PasswordSetupFields({ kind, onKind, password, onPassword, error }: { kind: PasswordSetup['kind']; onKind: (k: PasswordSetup['kind']) => void; password: string; onPassword: (p: string) => void; error: string | null }) {
  const t = useTranslations('users.setup');
  return (
    <>
      <Field label={t('label')}>
        {(control) => (
          <Select {...control} value={kind} onChange={(e) => onKind(e.target.value === 'password' ? 'password' : 'invitation')}>
            <option value="invitation">{t('invitation', { days: INVITATION_TTL_DAYS })}</option>
            <option value="password">{t('password')}</option>
          </Select>
        )}
      </Field>
      {kind === 'password' && (
        <Field label={t('newPassword')} hint={t('hint', { min: PASSWORD_MIN_LENGTH })} error={error}>
          {(control) => <Input {...control} type="password" autoComplete="new-password" value={password} onChange={(e) => onPassword(e.target.value)} />}
        </Field>
      )}
    </>
  );
}

const setupOf = (kind: PasswordSetup['kind'], password: string): PasswordSetup => (kind === 'password' ? { kind, password } : { kind });

export function AddUserForm({ onDone }: { onDone: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const t = useTranslations('users.add');
  const roles = useTranslations('common.roles');
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('manager');
  // The new user's language: the admin's own unless they pick another.
  const adminLocale = useLocale();
  const [locale, setLocale] = useState<Locale>(adminLocale);
  const [kind, setKind] = useState<PasswordSetup['kind']>('invitation');
  const [password, setPassword] = useState('');
  const create = useMutation(
    trpc.users.create.mutationOptions({
      onSuccess: async (result) => {
        toast({ tone: 'success', title: t('added', { name: result.user.name }) });
        await queryClient.invalidateQueries({ queryKey: trpc.availability.users.listWithAvailability.queryKey() });
      },
    }),
  );
  const errors = create.error ? fieldErrorsOf(create.error) : {};
  const fieldError = (f: string) => errors[f]?.[0] ?? null;
  const known = ['name', 'email', 'role', 'locale', 'setup.password'];
  const otherError = create.error && !known.some((f) => errors[f]) ? errorMessage(create.error) : null;

  if (create.data?.link) {
    return (
      <section className={styles.panel} aria-label={t('newUser')}>
        <OneTimeLinkBox link={create.data.link} name={create.data.user.name} />
        <div>
          <Button onClick={onDone}>{t('done')}</Button>
        </div>
      </section>
    );
  }
  return (
    <form
      className={styles.panel}
      aria-label={t('label')}
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        create.mutate({ name, email, role, locale, setup: setupOf(kind, password) }, { onSuccess: (result) => !result.link && onDone() });
      }}
    >
      <h2 className={styles.panelTitle}>{t('title')}</h2>
      <div className={styles.addFields}>
        <Field label={t('name')} error={fieldError('name')}>
          {(control) => <Input {...control} autoFocus value={name} onChange={(e) => setName(e.target.value)} />}
        </Field>
        <Field label={t('email')} error={fieldError('email')}>
          {(control) => <Input {...control} type="email" value={email} onChange={(e) => setEmail(e.target.value)} />}
        </Field>
        <Field label={t('role')} error={fieldError('role')}>
          {(control) => (
            <Select {...control} value={role} onChange={(e) => setRole(roleSchema.parse(e.target.value))}>
              {roleSchema.options.map((r) => (
                <option key={r} value={r}>
                  {roles(r)}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <Field label={t('language')} hint={t('languageHint')} error={fieldError('locale')}>
          {(control) => (
            <Select {...control} value={locale} onChange={(e) => setLocale(localeSchema.parse(e.target.value))}>
              {LOCALES.map((l) => (
                <option key={l} value={l} lang={l}>
                  {localeLabels[l]}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <PasswordSetupFields kind={kind} onKind={setKind} password={password} onPassword={setPassword} error={fieldError('setup.password')} />
      </div>
      {otherError && (
        <Alert tone="error" role="alert">
          {otherError}
        </Alert>
      )}
      <div className={styles.buttons}>
        <Button type="submit" variant="primary" icon={<UserPlus size={15} />} loading={create.isPending}>
          {t('submit')}
        </Button>
        <Button type="button" variant="ghost" onClick={onDone}>
          {t('cancel')}
        </Button>
      </div>
    </form>
  );
}

/** Role, deactivate/reactivate and password reset of one user. */
export function ManageUserPanel({ user }: { user: { id: string; name: string; role: Role; active: boolean } }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const t = useTranslations('users.manage');
  const roles = useTranslations('common.roles');
  const [kind, setKind] = useState<PasswordSetup['kind']>('invitation');
  const [password, setPassword] = useState('');
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.availability.users.listWithAvailability.queryKey() });
  const failed = (title: string) => (error: unknown) => toast({ tone: 'error', title, description: errorMessage(error) });
  const setRole = useMutation(trpc.users.setRole.mutationOptions({ onSuccess: () => toast({ tone: 'success', title: t('roleChanged') }), onError: failed(t('roleFailed')), onSettled: refresh }));
  const setActive = useMutation(
    trpc.users.setActive.mutationOptions({
      onSuccess: (u) =>
        toast({ tone: 'success', title: u.active ? t('reactivated', { name: u.name }) : t('deactivated', { name: u.name }), description: u.active ? undefined : t('deactivatedHint') }),
      onError: failed(t('activeFailed')),
      onSettled: refresh,
    }),
  );
  const reset = useMutation(trpc.users.resetPassword.mutationOptions({ onSuccess: (r) => !r.link && toast({ tone: 'success', title: t('passwordChanged'), description: t('passwordChangedHint', { name: user.name }) }) }));
  const resetErrors = reset.error ? fieldErrorsOf(reset.error) : {};

  return (
    <div className={styles.panel}>
      <div className={styles.manageRow}>
        <Field label={t('role')}>
          {(control) => (
            <Select {...control} value={user.role} disabled={setRole.isPending} onChange={(e) => setRole.mutate({ userId: user.id, role: roleSchema.parse(e.target.value) })}>
              {roleSchema.options.map((r) => (
                <option key={r} value={r}>
                  {roles(r)}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <Button
          variant={user.active ? 'danger' : 'secondary'}
          loading={setActive.isPending}
          onClick={() => {
            if (user.active && !window.confirm(t('confirmDeactivate', { name: user.name }))) return;
            setActive.mutate({ userId: user.id, active: !user.active });
          }}
        >
          {user.active ? t('deactivate') : t('reactivate')}
        </Button>
      </div>
      <form
        className={styles.addForm}
        aria-label={t('resetLabel', { name: user.name })}
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          reset.mutate({ userId: user.id, setup: setupOf(kind, password) });
        }}
      >
        <h3 className={styles.panelTitle}>{t('resetTitle')}</h3>
        <div className={styles.addFields}>
          <PasswordSetupFields kind={kind} onKind={setKind} password={password} onPassword={setPassword} error={resetErrors['setup.password']?.[0] ?? null} />
        </div>
        {reset.error && !resetErrors['setup.password'] && (
          <Alert tone="error" role="alert">
            {errorMessage(reset.error)}
          </Alert>
        )}
        {reset.data?.link && <OneTimeLinkBox link={reset.data.link} name={user.name} />}
        <div>
          <Button type="submit" icon={<KeyRound size={15} />} loading={reset.isPending}>
            {t('reset')}
          </Button>
        </div>
      </form>
    </div>
  );
}
