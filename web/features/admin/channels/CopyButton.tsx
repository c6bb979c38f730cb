'use client';

import { Check, Copy } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { Button } from '../../ui';

/** Copies `text` to the clipboard and says so, for screen readers too. */
export function CopyButton({ text, label, what, className }: { text: string; label: string; what: string; className?: string }) {
  const t = useTranslations('channels.copy');
  const [copied, setCopied] = useState(false);
  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(true);
      setTimeout(() => setCopied(false), 2000);
    } catch {
      // Clipboard access can be refused (insecure origin); the text stays selectable by hand.
      setCopied(false);
    }
  }
  return (
    <>
      <Button size="sm" className={className} aria-label={label} icon={copied ? <Check size={13} /> : <Copy size={13} />} onClick={() => void copy()}>
        {copied ? t('copied') : t('copy')}
      </Button>
      <span className="visually-hidden" aria-live="polite">
        {copied ? t('announcement', { what }) : ''}
      </span>
    </>
  );
}
