import { EventEmitter } from 'node:events';
import pg from 'pg';
import { LIVE_CHANNEL, liveEventSchema, type LiveEvent } from '../../../domain/live-events';

/**
 * One LISTEN connection per server process fans PostgreSQL notifications out to every open
 * stream (operator inboxes, widget visitors). Reconnects with back-off if the connection drops.
 */
export class LiveBus {
  private readonly emitter = new EventEmitter();
  private client: pg.Client | null = null;
  private connecting: Promise<void> | null = null;
  private stopped = false;

  constructor(private readonly databaseUrl: string) {
    this.emitter.setMaxListeners(0);
  }

  async subscribe(listener: (event: LiveEvent) => void): Promise<() => void> {
    await this.ensureListening();
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.client?.end().catch(() => undefined);
    this.client = null;
  }

  private ensureListening(): Promise<void> {
    if (this.client) return Promise.resolve();
    this.connecting ??= this.connect().finally(() => {
      this.connecting = null;
    });
    return this.connecting;
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.databaseUrl });
    client.on('notification', (msg) => {
      if (msg.channel !== LIVE_CHANNEL || !msg.payload) return;
      const parsed = liveEventSchema.safeParse(JSON.parse(msg.payload));
      if (parsed.success) this.emitter.emit('event', parsed.data);
    });
    client.on('error', () => this.reconnectSoon(client));
    client.on('end', () => this.reconnectSoon(client));
    await client.connect();
    await client.query(`LISTEN ${LIVE_CHANNEL}`);
    this.client = client;
  }

  private reconnectSoon(dead: pg.Client): void {
    if (this.client !== dead || this.stopped) return;
    this.client = null;
    setTimeout(() => {
      if (!this.stopped && this.emitter.listenerCount('event') > 0) void this.ensureListening().catch(() => this.reconnectSoon(dead));
    }, 1000);
  }
}

const globalForBus = globalThis as unknown as { openlinesLiveBus?: LiveBus };

export function getLiveBus(databaseUrl: string): LiveBus {
  globalForBus.openlinesLiveBus ??= new LiveBus(databaseUrl);
  return globalForBus.openlinesLiveBus;
}
