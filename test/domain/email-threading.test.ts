import { describe, expect, it } from 'vitest';
import { conversationSubject, dialogIdFromSubject, mailThreadKeys, repliedIds, replyHeadersFor, replySubject, subjectOfKeys } from '../../domain/email-threading';

describe('e-mail threading', () => {
  const clientMail = mailThreadKeys({ messageId: '<c2@client.test>', inReplyTo: '<o1@acme.test>', references: ['<c1@client.test>', '<o1@acme.test>'], subject: 'Re: Order 1042 [#D77]' });

  it('keeps a mail\'s own id first, then the ids it answers, then its conversation subject', () => {
    expect(clientMail).toEqual(['<c2@client.test>', '<c1@client.test>', '<o1@acme.test>', 'subject:Order 1042']);
    expect(repliedIds(clientMail)).toEqual(['<c1@client.test>', '<o1@acme.test>']);
    expect(subjectOfKeys(clientMail)).toBe('Order 1042');
  });

  it('answers the client\'s latest mail and carries its whole chain in References', () => {
    expect(replyHeadersFor(clientMail)).toEqual({ inReplyTo: '<c2@client.test>', references: ['<c1@client.test>', '<o1@acme.test>', '<c2@client.test>'] });
    expect(replyHeadersFor([])).toEqual({});
  });

  it('puts the dialog token in the reply subject once, however often the subject was answered', () => {
    expect(replySubject(77, 'Order 1042')).toBe('Re: Order 1042 [#D77]');
    expect(replySubject(77, conversationSubject('RE: Fwd: Re: Order 1042 [#D77]'))).toBe('Re: Order 1042 [#D77]');
    expect(replySubject(77, undefined)).toBe('Re: your message [#D77]');
    expect(dialogIdFromSubject('AW: Re: Order 1042 [#D77]')).toBe(77);
    expect(dialogIdFromSubject('Order #77')).toBeUndefined();
  });
});
