'use client';

import { Check, Copy, ExternalLink } from 'lucide-react';
import { useState } from 'react';
import type { ChannelKind } from '../../../domain/channels';
import { Badge, Button, Card, EmptyState } from '../ui';
import styles from './admin.module.css';
import { channelKindLabels } from './labels';

interface ChannelView {
  id: number;
  kind: ChannelKind;
  key: string;
  name: string;
  widgetUrl: string | null;
  embedSnippet: string | null;
}

export function ChannelsCard({ channels }: { channels: ChannelView[] }) {
  return (
    <Card title="Channels" description="Where this line’s dialogs come from.">
      {channels.length === 0 ? (
        <EmptyState title="No channels yet" description="Connect a website chat or a messenger to start receiving dialogs on this line." />
      ) : (
        channels.map((channel) => (
          <div key={channel.id} className={styles.channel}>
            <div className={styles.channelHead}>
              <Badge tone="accent">{channelKindLabels[channel.kind]}</Badge>
              <span className={styles.channelName}>{channel.name}</span>
              <code title="Channel key">{channel.key}</code>
            </div>
            {channel.embedSnippet && <EmbedSnippet snippet={channel.embedSnippet} />}
            {channel.widgetUrl && (
              <p>
                <a href={channel.widgetUrl} target="_blank" rel="noreferrer" style={{ display: 'inline-flex', alignItems: 'center', gap: 5 }}>
                  Open the hosted chat page <ExternalLink size={13} aria-hidden />
                  <span className="visually-hidden">(opens in a new tab)</span>
                </a>
              </p>
            )}
          </div>
        ))
      )}
    </Card>
  );
}

function EmbedSnippet({ snippet }: { snippet: string }) {
  const [copied, setCopied] = useState(false);
  async function copy() {
    try {
      await navigator.clipboard.writeText(snippet);
      setCopied(true);
      setTimeout(() => setCopied(false), 2000);
    } catch {
      // Clipboard access can be refused (insecure origin); the snippet stays selectable by hand.
      setCopied(false);
    }
  }
  return (
    <div>
      <p style={{ marginBottom: 6, color: 'var(--text-muted)', fontSize: 13 }}>Paste this before &lt;/body&gt; on every page of your site:</p>
      <div className={styles.snippet}>
        <pre tabIndex={0} aria-label="Embed code">
          <code>{snippet}</code>
        </pre>
        <Button size="sm" className={styles.copy} icon={copied ? <Check size={13} /> : <Copy size={13} />} onClick={() => void copy()}>
          {copied ? 'Copied' : 'Copy'}
        </Button>
      </div>
      <p className="visually-hidden" aria-live="polite">
        {copied ? 'Embed code copied' : ''}
      </p>
    </div>
  );
}
