import { describe, expect, it } from 'vitest';
import { inboundMessageSchema } from '../../domain/channels';
import { messageTextSchema } from '../../domain/dialog';

const message = (text: string) => ({ channelId: 1, externalMessageId: 'm-1', sender: { externalId: 'client-1' }, text });

describe('the null character (U+0000), which PostgreSQL cannot store', () => {
  it("is dropped from a client's message, which is kept", () => {
    expect(inboundMessageSchema.parse(message('Where is\u0000 my order?')).text).toBe('Where is my order?');
  });

  it("is refused in an operator's text, naming what to do", () => {
    const result = messageTextSchema.safeParse('Hello\u0000');
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe('must not contain the null character (U+0000); remove it and send again');
  });
});
