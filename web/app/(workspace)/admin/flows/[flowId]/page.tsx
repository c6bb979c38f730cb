import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { FlowEditor } from '../../../../../features/flows/FlowEditor';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('flows.editor');
  return { title: t('pageTitle') };
}

export default async function FlowEditorPage({ params }: { params: Promise<{ flowId: string }> }) {
  const flowId = Number((await params).flowId);
  if (!Number.isInteger(flowId) || flowId <= 0) notFound();
  return <FlowEditor flowId={flowId} />;
}
