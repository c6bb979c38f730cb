import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { FlowEditor } from '../../../../../features/flows/FlowEditor';

export const metadata: Metadata = { title: 'Flow editor' };

export default async function FlowEditorPage({ params }: { params: Promise<{ flowId: string }> }) {
  const flowId = Number((await params).flowId);
  if (!Number.isInteger(flowId) || flowId <= 0) notFound();
  return <FlowEditor flowId={flowId} />;
}
