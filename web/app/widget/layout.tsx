import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';

/** The hosted chat runs inside customers' sites: no app chrome, not indexed, sized for phones. */
export const metadata: Metadata = {
  robots: { index: false, follow: false },
};

export const viewport: Viewport = {
  width: 'device-width',
  initialScale: 1,
  // Keeps the composer above the on-screen keyboard on mobile browsers that support it.
  interactiveWidget: 'resizes-content',
};

export default function WidgetLayout({ children }: { children: ReactNode }) {
  return children;
}
