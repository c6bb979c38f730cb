import { randomUUID } from 'node:crypto';

/** A website visitor speaking the widget's HTTP API, as the hosted chat page does. */
export class WidgetVisitor {
  private constructor(
    private readonly baseUrl: string,
    private readonly channelKey: string,
    private readonly token: string,
  ) {}

  static async open(baseUrl: string, channelKey: string): Promise<WidgetVisitor> {
    const response = await fetch(`${baseUrl}/api/widget/${channelKey}/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    if (!response.ok) throw new Error(`session: HTTP ${response.status} ${await response.text()}`);
    const { token } = (await response.json()) as { token: string };
    return new WidgetVisitor(baseUrl, channelKey, token);
  }

  async send(text: string): Promise<{ messageId: number; dialogId: number }> {
    const response = await fetch(`${this.baseUrl}/api/widget/${this.channelKey}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${this.token}` },
      body: JSON.stringify({ clientMessageId: randomUUID(), text }),
    });
    if (response.status !== 202) throw new Error(`send: HTTP ${response.status} ${await response.text()}`);
    return (await response.json()) as { messageId: number; dialogId: number };
  }
}
