import type { Metadata } from 'next';
import { FlowsPage } from '../../../../features/flows/FlowsPage';

export const metadata: Metadata = { title: 'Flows' };

export default function AdminFlowsPage() {
  return <FlowsPage />;
}
