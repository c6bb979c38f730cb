import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { ProfilePage } from '../../../features/profile/ProfilePage';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('profile.meta');
  return { title: t('title') };
}

export default function ProfileRoute() {
  return <ProfilePage />;
}
