import type { LoadBalancer } from './load-balancer';

/**
 * A widget visitor behind the load balancer: the signed visitor token is good on every replica, and
 * a message whose answer was lost is sent again with the same clientMessageId (stored once).
 */
export class BalancedVisitor {
  private constructor(
    private readonly balancer: LoadBalancer,
    private readonly channelKey: string,
    private readonly token: string,
    /** The visitor's own network address (X-Forwarded-For), so per-address limits see many visitors. */
    private readonly address: string,
  ) {}

  static async open(balancer: LoadBalancer, channelKey: string, address: string): Promise<BalancedVisitor> {
    const response = await balancer.fetch(`/api/widget/${channelKey}/session`, () => ({
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
      body: '{}',
    }));
    if (!response.ok) throw new Error(`session: HTTP ${response.status} ${await response.text()}`);
    const { token } = (await response.json()) as { token: string };
    return new BalancedVisitor(balancer, channelKey, token, address);
  }

  async send(clientMessageId: string, text: string): Promise<{ messageId: number; dialogId: number }> {
    const response = await this.balancer.fetch(`/api/widget/${this.channelKey}/messages`, () => ({
      method: 'POST',
      headers: this.headers(),
      body: JSON.stringify({ clientMessageId, text }),
    }));
    if (!response.ok) throw new Error(`send: HTTP ${response.status} ${await response.text()}`);
    return (await response.json()) as { messageId: number; dialogId: number };
  }

  /** Ids of the messages the visitor's chat shows (their recent dialogs on the line). */
  async historyMessageIds(): Promise<Set<number>> {
    const response = await this.balancer.fetch(`/api/widget/${this.channelKey}/messages`, () => ({ headers: this.headers() }));
    if (!response.ok) throw new Error(`history: HTTP ${response.status} ${await response.text()}`);
    const history = (await response.json()) as { messages: { id: number }[] };
    return new Set(history.messages.map((m) => m.id));
  }

  private headers(): Record<string, string> {
    return { 'content-type': 'application/json', authorization: `Bearer ${this.token}`, 'x-forwarded-for': this.address };
  }
}
