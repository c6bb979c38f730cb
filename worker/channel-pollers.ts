import type { InboundDeps } from '../channels/inbound';
import { ChannelUnavailable, loadConnectedChannel, type ChannelRuntime } from '../channels/load';
import { receiveChannelNews } from '../channels/receive';
import { connectors } from '../channels/registry';
import type { ChannelKind } from '../domain/channels';
import { listEnabledChannelsOfKinds, setChannelError, setChannelPollCursor, tryLockChannelPoll, unlockChannelPoll } from '../db/queries/channel-state';

/** How often the worker looks for channels to start or stop polling (a new channel, one switched to polling). */
const DEFAULT_RESCAN_MS = 5_000;
/** How long one poll may wait for news (Telegram long polling, IMAP IDLE). */
const DEFAULT_WAIT_MS = 25_000;

export interface ChannelPollers {
  stop(): Promise<void>;
}

export type PollerDeps = InboundDeps & { channels: ChannelRuntime };

/**
 * Reads the channels that have no webhook (Telegram on long polling, IMAP mailboxes): one loop per
 * channel whose connector `polls`, each holding a PostgreSQL advisory lock on its own connection,
 * so with several workers every channel is read by exactly one, and another takes over when that
 * worker dies (its session, and so its lock, ends). The cursor is stored after the messages, so a
 * crash between the two re-reads a batch that the inbound path then stores once.
 */
export function startChannelPollers(deps: PollerDeps, options: { rescanMs?: number; waitMs?: number } = {}): ChannelPollers {
  const rescanMs = options.rescanMs ?? DEFAULT_RESCAN_MS;
  const waitMs = options.waitMs ?? DEFAULT_WAIT_MS;
  const stopping = new AbortController();
  const running = new Map<number, Promise<void>>();

  const rescan = async () => {
    const kinds = (Object.keys(connectors) as ChannelKind[]).filter((kind) => connectors[kind]?.poll);
    for (const channel of await listEnabledChannelsOfKinds(deps.db, kinds)) {
      if (running.has(channel.id)) continue;
      const loop = pollWhileHeld(deps, channel.id, waitMs, stopping.signal).finally(() => running.delete(channel.id));
      running.set(channel.id, loop);
    }
  };

  const scanning = (async () => {
    while (!stopping.signal.aborted) {
      await rescan().catch((error: unknown) => console.error('channel pollers: could not list channels', error));
      await sleep(rescanMs, stopping.signal);
    }
  })();

  return {
    async stop() {
      stopping.abort();
      await scanning;
      await Promise.allSettled(running.values());
    },
  };
}

/** Polls one channel for as long as this worker holds its lock and the channel still polls. */
async function pollWhileHeld(deps: PollerDeps, channelId: number, waitMs: number, stopping: AbortSignal): Promise<void> {
  await deps.db.connection().execute(async (connection) => {
    if (!(await tryLockChannelPoll(connection, channelId))) return;
    try {
      let failures = 0;
      while (!stopping.aborted) {
        let loaded;
        try {
          loaded = await loadConnectedChannel(deps.db, deps.channels, { id: channelId });
        } catch (error) {
          if (error instanceof ChannelUnavailable) return; // removed, switched off, or settings to fix: the rescan picks it up again
          throw error;
        }
        const { connector, channel, row } = loaded;
        if (!connector.poll || !connector.polls?.(channel.settings)) return;
        try {
          const outcome = await connector.poll(channel, { fetch: deps.channels.fetch ?? fetch, cursor: row.poll_cursor, waitMs, signal: stopping });
          await receiveChannelNews(deps, channelId, outcome);
          if (outcome.cursor !== row.poll_cursor) await setChannelPollCursor(deps.db, channelId, outcome.cursor);
          if (failures > 0 || row.last_error !== null) await setChannelError(deps.db, channelId, null);
          failures = 0;
        } catch (error) {
          if (stopping.aborted) return;
          failures++;
          const message = error instanceof Error ? error.message : String(error);
          console.error(`channel ${channelId} (${connector.kind}): poll failed (${failures} in a row)`, message);
          await setChannelError(deps.db, channelId, `Reading new messages failed: ${message}`);
          await sleep(Math.min(60_000, 1_000 * 2 ** Math.min(failures, 6)), stopping);
        }
      }
    } finally {
      await unlockChannelPoll(connection, channelId);
    }
  });
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}
