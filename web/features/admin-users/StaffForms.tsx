'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Copy, KeyRound, UserPlus } from 'lucide-react';
import { useState } from 'react';
import { roleLabels, roleSchema, type Role } from '../../../domain/roles';
import { INVITATION_TTL_DAYS, PASSWORD_MIN_LENGTH, type PasswordSetup } from '../../../domain/staff';
import { useTRPC } from '../trpc/client';
import { errorMessage, fieldErrorsOf } from '../trpc/errors';
import { Alert, Button, Field, Input, Select, useToast } from '../ui';
import { formatDay } from './format';
import styles from './users.module.css';

/** A one-time link, shown once after it is made, with a copy button. */
export function OneTimeLinkBox({ link, name }: { link: { url: string; expiresAt: Date }; name: string }) {
  const toast = useToast();
  return (
    <div className={styles.linkBox} role="status">
      <p>
        One-time link for {name} (works once, until {formatDay(link.expiresAt)}). It is shown only now: copy it and send it to them.
      </p>
      <div className={styles.linkRow}>
        <Input readOnly value={link.url} aria-label={`One-time link for ${name}`} onFocus={(e) => e.currentTarget.select()} />
        <Button
          icon={<Copy size={14} />}
          onClick={() =>
            void navigator.clipboard.writeText(link.url).then(
              () => toast({ tone: 'success', title: 'Link copied' }),
              () => toast({ tone: 'error', title: 'Could not copy', description: 'Select the link and copy it by hand.' }),
            )
          }
        >
          Copy link
        </Button>
      </div>
    </div>
  );
}

/** Password now, or a one-time link the user opens to choose one. */
function PasswordSetupFields({ kind, onKind, password, onPassword, error }: { kind: PasswordSetup['kind']; onKind: (k: PasswordSetup['kind']) => void; password: string; onPassword: (p: string) => void; error: string | null }) {
  return (
    <>
      <Field label="Password">
        {(control) => (
          <Select {...control} value={kind} onChange={(e) => onKind(e.target.value === 'password' ? 'password' : 'invitation')}>
            <option value="invitation">Send a one-time link ({INVITATION_TTL_DAYS} days)</option>
            <option value="password">Set a password now</option>
          </Select>
        )}
      </Field>
      {kind === 'password' && (
        <Field label="New password" hint={`At least ${PASSWORD_MIN_LENGTH} characters.`} error={error}>
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
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('manager');
  const [kind, setKind] = useState<PasswordSetup['kind']>('invitation');
  const [password, setPassword] = useState('');
  const create = useMutation(
    trpc.users.create.mutationOptions({
      onSuccess: async (result) => {
        toast({ tone: 'success', title: `${result.user.name} added` });
        await queryClient.invalidateQueries({ queryKey: trpc.availability.users.listWithAvailability.queryKey() });
      },
    }),
  );
  const errors = create.error ? fieldErrorsOf(create.error) : {};
  const fieldError = (f: string) => errors[f]?.[0] ?? null;
  const known = ['name', 'email', 'role', 'setup.password'];
  const otherError = create.error && !known.some((f) => errors[f]) ? errorMessage(create.error) : null;

  if (create.data?.link) {
    return (
      <section className={styles.panel} aria-label="New user">
        <OneTimeLinkBox link={create.data.link} name={create.data.user.name} />
        <div>
          <Button onClick={onDone}>Done</Button>
        </div>
      </section>
    );
  }
  return (
    <form
      className={styles.panel}
      aria-label="Add user"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        create.mutate({ name, email, role, setup: setupOf(kind, password) }, { onSuccess: (result) => !result.link && onDone() });
      }}
    >
      <h2 className={styles.panelTitle}>Add user</h2>
      <div className={styles.addFields}>
        <Field label="Name" error={fieldError('name')}>
          {(control) => <Input {...control} autoFocus value={name} onChange={(e) => setName(e.target.value)} />}
        </Field>
        <Field label="E-mail" error={fieldError('email')}>
          {(control) => <Input {...control} type="email" value={email} onChange={(e) => setEmail(e.target.value)} />}
        </Field>
        <Field label="Role" error={fieldError('role')}>
          {(control) => (
            <Select {...control} value={role} onChange={(e) => setRole(roleSchema.parse(e.target.value))}>
              {roleSchema.options.map((r) => (
                <option key={r} value={r}>
                  {roleLabels[r]}
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
          Add user
        </Button>
        <Button type="button" variant="ghost" onClick={onDone}>
          Cancel
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
  const [kind, setKind] = useState<PasswordSetup['kind']>('invitation');
  const [password, setPassword] = useState('');
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.availability.users.listWithAvailability.queryKey() });
  const failed = (title: string) => (error: unknown) => toast({ tone: 'error', title, description: errorMessage(error) });
  const setRole = useMutation(trpc.users.setRole.mutationOptions({ onSuccess: () => toast({ tone: 'success', title: 'Role changed' }), onError: failed('Could not change the role'), onSettled: refresh }));
  const setActive = useMutation(
    trpc.users.setActive.mutationOptions({
      onSuccess: (u) => toast({ tone: 'success', title: u.active ? `${u.name} reactivated` : `${u.name} deactivated`, description: u.active ? undefined : 'Signed out; their dialogs went back to the queue.' }),
      onError: failed('Could not change the account'),
      onSettled: refresh,
    }),
  );
  const reset = useMutation(trpc.users.resetPassword.mutationOptions({ onSuccess: (r) => !r.link && toast({ tone: 'success', title: 'Password changed', description: `${user.name} was signed out everywhere.` }) }));
  const resetErrors = reset.error ? fieldErrorsOf(reset.error) : {};

  return (
    <div className={styles.panel}>
      <div className={styles.manageRow}>
        <Field label="Role">
          {(control) => (
            <Select {...control} value={user.role} disabled={setRole.isPending} onChange={(e) => setRole.mutate({ userId: user.id, role: roleSchema.parse(e.target.value) })}>
              {roleSchema.options.map((r) => (
                <option key={r} value={r}>
                  {roleLabels[r]}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <Button
          variant={user.active ? 'danger' : 'secondary'}
          loading={setActive.isPending}
          onClick={() => {
            if (user.active && !window.confirm(`Deactivate ${user.name}? They are signed out at once and their dialogs go back to the queue.`)) return;
            setActive.mutate({ userId: user.id, active: !user.active });
          }}
        >
          {user.active ? 'Deactivate' : 'Reactivate'}
        </Button>
      </div>
      <form
        className={styles.addForm}
        aria-label={`Reset the password of ${user.name}`}
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          reset.mutate({ userId: user.id, setup: setupOf(kind, password) });
        }}
      >
        <h3 className={styles.panelTitle}>Reset password</h3>
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
            Reset password
          </Button>
        </div>
      </form>
    </div>
  );
}
