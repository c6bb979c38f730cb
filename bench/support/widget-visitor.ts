import { randomUUID } from 'node:crypto';

/** A website visitor speaking the widget's HTTP API, as the hosted chat page does. */
export class WidgetVisitor {
  private constructor(
    private readonly baseUrl: string,
    private readonly channelKey: string,
    private readonly token: string,
    private readonly address: string,
  ) {}

  /**
   * `address` is the visitor's own network address, which the web server (trusting 127.0.0.1 as
   * its proxy) reads from X-Forwarded-For: the per-address limits see many visitors, not one.
   */
  static async open(baseUrl: string, channelKey: string, address: string): Promise<WidgetVisitor> {
    const response = await fetch(`${baseUrl}/api/widget/${channelKey}/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
      body: '{}',
    });
    if (!response.ok) throw new Error(`session: HTTP ${response.status} ${await response.text()}`);
    const { token } = (await response.json()) as { token: string };
    return new WidgetVisitor(baseUrl, channelKey, token, address);
  }

  async send(text: string): Promise<{ messageId: number; dialogId: number }> {
    const response = await fetch(`${this.baseUrl}/api/widget/${this.channelKey}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${this.token}`, 'x-forwarded-for': this.address },
      body: JSON.stringify({ clientMessageId: randomUUID(), text }),
    });
    if (response.status !== 202) throw new Error(`send: HTTP ${response.status} ${await response.text()}`);
    return (await response.json()) as { messageId: number; dialogId: number };
  }
}
