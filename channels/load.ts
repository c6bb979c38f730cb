import type { Database } from '../db/client';
import type { Channel } from '../db/types';
import { findChannel } from '../db/queries/channels';
import { findChannelByKey } from '../db/queries/channel-state';
import type { ConnectedChannel, Connector } from './connector';
import { connectorOf } from './registry';
import { settingsFromStorage } from './settings-storage';

/** What a process needs to hand channels to their connectors: OPENLINES_SECRET and PUBLIC_URL. */
export interface ChannelRuntime {
  appSecret: string;
  publicUrl: string;
  /** Outbound HTTP of connectors; the global fetch unless a test or proxy replaces it. */
  fetch?: typeof fetch;
}

export interface LoadedChannel {
  row: Channel;
  connector: Connector;
  channel: ConnectedChannel;
}

export type ChannelLookup = { id: number } | { key: string };

export class ChannelUnavailable extends Error {
  constructor(
    readonly reason: 'not_found' | 'disabled' | 'no_connector' | 'bad_settings',
    message: string,
  ) {
    super(message);
    this.name = 'ChannelUnavailable';
  }
}

/** A channel with its connector and its settings decrypted and validated; throws ChannelUnavailable. */
export async function loadConnectedChannel(db: Database, runtime: ChannelRuntime, lookup: ChannelLookup): Promise<LoadedChannel> {
  const row = 'id' in lookup ? await findChannel(db, lookup.id) : await findChannelByKey(db, lookup.key);
  if (!row) throw new ChannelUnavailable('not_found', 'no such channel');
  if (!row.enabled) throw new ChannelUnavailable('disabled', `channel "${row.name}" is switched off`);
  const connector = connectorOf(row.kind);
  if (!connector) throw new ChannelUnavailable('no_connector', `channel kind "${row.kind}" has no connector`);
  const parsed = connector.settings.schema.safeParse(settingsFromStorage(row.config, row.secrets, runtime.appSecret));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ChannelUnavailable('bad_settings', `channel "${row.name}": settings.${issue?.path.join('.')}: ${issue?.message}; edit the channel in the admin`);
  }
  return {
    row,
    connector,
    channel: { id: row.id, lineId: row.line_id, key: row.key, name: row.name, settings: parsed.data, publicUrl: runtime.publicUrl },
  };
}
