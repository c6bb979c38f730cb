'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
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
  const t = useTranslations('profile');
  return (
    <div className={adminStyles.page}>
      <header className={adminStyles.pageHeader}>
        <div>
          <h1>{t('title')}</h1>
          <p className={adminStyles.pageDescription}>{t('description')}</p>
        </div>
      </header>
      {profile.status === 'pending' && <Skeleton height={240} />}
      {profile.status === 'error' && (
        <Alert tone="error" role="alert">
          {t('loadFailed')} {errorMessage(profile.error)}
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
  const t = useTranslations('profile.form');
  const [name, setName] = useState(profile.name);
  const [image, setImage] = useState(profile.image ?? '');
  const [locale, setLocale] = useState<Locale>(profile.locale);
  const [fileError, setFileError] = useState<string | null>(null);
  useEffect(() => setName(profile.name), [profile.name]);
  const save = useMutation(
    trpc.profile.update.mutationOptions({
      onSuccess: async () => {
        toast({ tone: 'success', title: t('saved') });
        await queryClient.invalidateQueries({ queryKey: trpc.profile.get.queryKey() });
        // The top bar shows the new name and avatar, and every page the new language (the server
        // renders again with the saved profile; the client gets the new catalogue).
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
        aria-label={t('label')}
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          save.mutate({ name, image: image.trim() || null, locale });
        }}
      >
        <h2 className={styles.title}>{t('title')}</h2>
        <div className={styles.avatarRow}>
          <Avatar name={name || profile.name} colorKey={profile.email} imageUrl={image.trim() || null} size={64} />
          <div className={styles.avatarActions}>
            <label className={styles.upload}>
              {t('upload')}
              <input
                type="file"
                accept="image/png,image/jpeg,image/webp,image/gif"
                className="visually-hidden"
                onChange={(e) => {
                  const file = e.target.files?.[0];
                  if (!file) return;
                  setFileError(null);
                  avatarFromFile(file).then(setImage, () => setFileError(t('unreadable')));
                }}
              />
            </label>
            {image && (
              <Button type="button" size="sm" variant="ghost" onClick={() => setImage('')}>
                {t('removePicture')}
              </Button>
            )}
          </div>
        </div>
        {fileError && (
          <Alert tone="error" role="alert">
            {fileError}
          </Alert>
        )}
        <Field label={t('pictureAddress')} hint={t('pictureHint')} error={errors.image?.[0] ?? null}>
          {(control) => <Input {...control} value={image.startsWith('data:') ? t('uploaded') : image} readOnly={image.startsWith('data:')} onChange={(e) => setImage(e.target.value)} />}
        </Field>
        <Field label={t('name')} error={errors.name?.[0] ?? null}>
          {(control) => <Input {...control} value={name} autoComplete="name" onChange={(e) => setName(e.target.value)} />}
        </Field>
        <Field label={t('email')} hint={t('emailHint')}>
          {(control) => <Input {...control} value={profile.email} readOnly />}
        </Field>
        <Field label={t('language')} hint={t('languageHint')} error={errors.locale?.[0] ?? null}>
          {(control) => (
            <Select {...control} value={locale} onChange={(e) => setLocale(localeSchema.parse(e.target.value))}>
              {localeSchema.options.map((l) => (
                <option key={l} value={l} lang={l}>
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
            {t('save')}
          </Button>
        </div>
      </form>
    </Card>
  );
}

function PasswordForm() {
  const trpc = useTRPC();
  const toast = useToast();
  const t = useTranslations('profile.password');
  const [currentPassword, setCurrent] = useState('');
  const [newPassword, setNew] = useState('');
  const change = useMutation(
    trpc.profile.changePassword.mutationOptions({
      onSuccess: () => {
        setCurrent('');
        setNew('');
        toast({ tone: 'success', title: t('changed') });
      },
    }),
  );
  const errors = change.error ? fieldErrorsOf(change.error) : {};
  const otherError = change.error && !['currentPassword', 'newPassword'].some((f) => errors[f]) ? errorMessage(change.error) : null;
  return (
    <Card>
      <form
        className={styles.form}
        aria-label={t('label')}
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          change.mutate({ currentPassword, newPassword });
        }}
      >
        <h2 className={styles.title}>{t('title')}</h2>
        <Field label={t('current')} error={errors.currentPassword?.[0] ?? null}>
          {(control) => <Input {...control} type="password" autoComplete="current-password" value={currentPassword} onChange={(e) => setCurrent(e.target.value)} />}
        </Field>
        <Field label={t('new')} hint={t('hint', { min: PASSWORD_MIN_LENGTH })} error={errors.newPassword?.[0] ?? null}>
          {(control) => <Input {...control} type="password" autoComplete="new-password" value={newPassword} onChange={(e) => setNew(e.target.value)} />}
        </Field>
        {otherError && (
          <Alert tone="error" role="alert">
            {otherError}
          </Alert>
        )}
        <div>
          <Button type="submit" loading={change.isPending}>
            {t('submit')}
          </Button>
        </div>
      </form>
    </Card>
  );
}
