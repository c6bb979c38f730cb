import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { FlowsPage } from '../../../../features/flows/FlowsPage';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('flows.page');
  return { title: t('title') };
}

export default function AdminFlowsPage() {
  return <FlowsPage />;
}
