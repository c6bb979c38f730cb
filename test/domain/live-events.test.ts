import { describe, expect, it } from 'vitest';
import { liveEventSchema, messageCreatedEvent } from '../../domain/live-events';

describe('messageCreatedEvent', () => {
  it('builds the event inboxes and widgets read, valid against the live-event schema', () => {
    const event = messageCreatedEvent(
      { id: 7, lineId: 2, contactId: 3 },
      { id: 41, authorKind: 'operator', hidden: true, createdAt: new Date('2026-12-01T10:00:00.000Z') },
    );
    expect(event).toEqual({ type: 'message.created', dialogId: 7, lineId: 2, contactId: 3, messageId: 41, authorKind: 'operator', hidden: true, at: '2026-12-01T10:00:00.000Z' });
    expect(liveEventSchema.parse(event)).toEqual(event);
  });
});
