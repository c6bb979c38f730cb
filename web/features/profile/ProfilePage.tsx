'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { localeLabels, localeSchema, type Locale } from '../../../domain/locale';
import { PASSWORD_MIN_LENGTH } from '../../../domain/staff';
import adminStyles from '../admin/admin.module.css';
import { useTRPC } from '../trpc/client';
import { errorMessage, fieldErrorsOf } from '../trpc/errors';
import { Alert, Avatar, Button, Card, Field, Input, Select, Skeleton, useToast } from '../ui';
import styles from './profile.module.css';

const AVATAR_PIXELS = 128;

/** Scales a chosen image down to a small square JPEG data: URL (what the profile stores). */
async function avatarFromFile(file: File): Promise<string> {
  const bitmap = await createImageBitmap(file);
  const side = Math.min(bitmap.width, bitmap.height);
  const canvas = document.createElement('canvas');
  canvas.width = AVATAR_PIXELS;
  canvas.height = AVATAR_PIXELS;
  canvas.getContext('2d')?.drawImage(bitmap, (bitmap.width - side) / 2, (bitmap.height - side) / 2, side, side, 0, 0, AVATAR_PIXELS, AVATAR_PIXELS);
  return canvas.toDataURL('image/jpeg', 0.85);
}

/** The signed-in user's own name, avatar, language and password. */
export function ProfilePage() {
  const trpc = useTRPC();
  const profile = useQuery(trpc.profile.get.queryOptions());
  return (
    <div className={adminStyles.page}>
      <header className={adminStyles.pageHeader}>
        <div>
          <h1>Profile</h1>
          <p className={adminStyles.pageDescription}>How colleagues see you, your language, and your password.</p>
        </div>
      </header>
      {profile.status === 'pending' && <Skeleton height={240} />}
      {profile.status === 'error' && (
        <Alert tone="error" role="alert">
          Could not load your profile. {errorMessage(profile.error)}
        </Alert>
      )}
      {profile.status === 'success' && (
        <div className={styles.grid}>
          <ProfileForm profile={profile.data} />
          <PasswordForm />
        </div>
      )}
    </div>
  );
}

function ProfileForm({ profile }: { profile: { name: string; email: string; image: string | null; locale: Locale } }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const toast = useToast();
  const [name, setName] = useState(profile.name);
  const [image, setImage] = useState(profile.image ?? '');
  const [locale, setLocale] = useState<Locale>(profile.locale);
  const [fileError, setFileError] = useState<string | null>(null);
  useEffect(() => setName(profile.name), [profile.name]);
  const save = useMutation(
    trpc.profile.update.mutationOptions({
      onSuccess: async () => {
        toast({ tone: 'success', title: 'Profile saved' });
        await queryClient.invalidateQueries({ queryKey: trpc.profile.get.queryKey() });
        // The top bar shows the new name and avatar.
        router.refresh();
      },
    }),
  );
  const errors = save.error ? fieldErrorsOf(save.error) : {};
  const otherError = save.error && !['name', 'image', 'locale'].some((f) => errors[f]) ? errorMessage(save.error) : null;

  return (
    <Card>
      <form
        className={styles.form}
        aria-label="Your profile"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          save.mutate({ name, image: image.trim() || null, locale });
        }}
      >
        <h2 className={styles.title}>Your profile</h2>
        <div className={styles.avatarRow}>
          <Avatar name={name || profile.name} colorKey={profile.email} imageUrl={image.trim() || null} size={64} />
          <div className={styles.avatarActions}>
            <label className={styles.upload}>
              Upload a picture
              <input
                type="file"
                accept="image/png,image/jpeg,image/webp,image/gif"
                className="visually-hidden"
                onChange={(e) => {
                  const file = e.target.files?.[0];
                  if (!file) return;
                  setFileError(null);
                  avatarFromFile(file).then(setImage, () => setFileError('This file could not be read as an image. Choose a PNG, JPEG, WebP or GIF.'));
                }}
              />
            </label>
            {image && (
              <Button type="button" size="sm" variant="ghost" onClick={() => setImage('')}>
                Remove picture (show initials)
              </Button>
            )}
          </div>
        </div>
        {fileError && (
          <Alert tone="error" role="alert">
            {fileError}
          </Alert>
        )}
        <Field label="Picture address" hint="Or paste an https:// image address. Empty: your initials." error={errors.image?.[0] ?? null}>
          {(control) => <Input {...control} value={image.startsWith('data:') ? '(uploaded picture)' : image} readOnly={image.startsWith('data:')} onChange={(e) => setImage(e.target.value)} />}
        </Field>
        <Field label="Name" error={errors.name?.[0] ?? null}>
          {(control) => <Input {...control} value={name} autoComplete="name" onChange={(e) => setName(e.target.value)} />}
        </Field>
        <Field label="E-mail" hint="Your admin changes it.">
          {(control) => <Input {...control} value={profile.email} readOnly />}
        </Field>
        <Field label="Language" error={errors.locale?.[0] ?? null}>
          {(control) => (
            <Select {...control} value={locale} onChange={(e) => setLocale(localeSchema.parse(e.target.value))}>
              {localeSchema.options.map((l) => (
                <option key={l} value={l}>
                  {localeLabels[l]}
                </option>
              ))}
            </Select>
          )}
        </Field>
        {otherError && (
          <Alert tone="error" role="alert">
            {otherError}
          </Alert>
        )}
        <div>
          <Button type="submit" variant="primary" loading={save.isPending}>
            Save profile
          </Button>
        </div>
      </form>
    </Card>
  );
}

function PasswordForm() {
  const trpc = useTRPC();
  const toast = useToast();
  const [currentPassword, setCurrent] = useState('');
  const [newPassword, setNew] = useState('');
  const change = useMutation(
    trpc.profile.changePassword.mutationOptions({
      onSuccess: () => {
        setCurrent('');
        setNew('');
        toast({ tone: 'success', title: 'Password changed' });
      },
    }),
  );
  const errors = change.error ? fieldErrorsOf(change.error) : {};
  const otherError = change.error && !['currentPassword', 'newPassword'].some((f) => errors[f]) ? errorMessage(change.error) : null;
  return (
    <Card>
      <form
        className={styles.form}
        aria-label="Change password"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          change.mutate({ currentPassword, newPassword });
        }}
      >
        <h2 className={styles.title}>Change password</h2>
        <Field label="Current password" error={errors.currentPassword?.[0] ?? null}>
          {(control) => <Input {...control} type="password" autoComplete="current-password" value={currentPassword} onChange={(e) => setCurrent(e.target.value)} />}
        </Field>
        <Field label="New password" hint={`At least ${PASSWORD_MIN_LENGTH} characters.`} error={errors.newPassword?.[0] ?? null}>
          {(control) => <Input {...control} type="password" autoComplete="new-password" value={newPassword} onChange={(e) => setNew(e.target.value)} />}
        </Field>
        {otherError && (
          <Alert tone="error" role="alert">
            {otherError}
          </Alert>
        )}
        <div>
          <Button type="submit" loading={change.isPending}>
            Change password
          </Button>
        </div>
      </form>
    </Card>
  );
}
