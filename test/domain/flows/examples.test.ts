import { describe, expect, it } from 'vitest';
import { leadBotExample, vipRoutingExample } from '../../../domain/flows/examples';
import { validateFlow } from '../../../domain/flows/validate';
import { converse, facts, player, type HttpServer } from './helpers';

const crm = (tier: string): HttpServer => () => ({ kind: 'http_response', ok: true, status: 201, body: { lead: { id: 9001, tier } } });

describe('leadBotExample', () => {
  it('is a valid flow', () => {
    expect(validateFlow(leadBotExample)).toEqual({ ok: true, document: leadBotExample });
  });

  it('asks the name and phone (again after a wrong phone), posts both to the CRM and greets a gold client', () => {
    const requests: unknown[] = [];
    const conversation = converse(leadBotExample, {
      replies: ['Anna', 'tomorrow', '+1 (555) 123-4567'],
      http: (request) => {
        requests.push(request);
        return crm('gold')(request);
      },
    });
    expect(conversation.transcript).toEqual([
      'bot: Hello! What is your name?',
      'client: Anna',
      'bot: Nice to meet you, Anna! What phone number can we reach you on?',
      'client: tomorrow',
      'bot: That does not look like a phone number. Please send it with digits, like +1 555 123 4567.',
      'client: +1 (555) 123-4567',
      'bot: Anna, as a gold client you get a senior manager: connecting you now.',
    ]);
    expect(requests).toEqual([
      {
        kind: 'http_request',
        method: 'POST',
        url: 'https://crm.example.com/api/leads',
        headers: { 'Content-Type': 'application/json' },
        body: '{"name": "Anna", "phone": "+15551234567"}',
        timeoutSeconds: 10,
        idempotent: false,
      },
    ]);
    expect(conversation.outcome).toEqual({ kind: 'handoff', lineId: null, mode: null });
    expect(conversation.session.variables).toMatchObject({ name: 'Anna', phone: '+15551234567', tier: 'gold', crm_lead_id: '9001' });
  });

  it('greets other clients the usual way', () => {
    const conversation = converse(leadBotExample, { replies: ['Bob', '5551234567'], http: crm('silver') });
    expect(conversation.transcript.at(-1)).toBe('bot: Thank you, Bob! A manager will be with you shortly.');
    expect(conversation.outcome).toEqual({ kind: 'handoff', lineId: null, mode: null });
  });

  it('promises a call back when the CRM cannot be reached, then hands off', () => {
    const conversation = converse(leadBotExample, { replies: ['Bob', '5551234567'], http: () => ({ kind: 'http_response', ok: false, error: 'connection refused' }) });
    expect(conversation.transcript.at(-1)).toBe("bot: Thank you! We'll call you at 5551234567 as soon as we can.");
    expect(conversation.session.variables).toMatchObject({ http_error: 'connection refused' });
    expect(conversation.outcome).toEqual({ kind: 'handoff', lineId: null, mode: null });
  });

  it('hands a client who never gives a phone to operators after the retries', () => {
    const conversation = converse(leadBotExample, { replies: ['Bob', 'no', 'no way', 'never'] });
    expect(conversation.transcript.filter((line) => line.startsWith('bot: That does not look like a phone number'))).toHaveLength(2);
    expect(conversation.effects.some((effect) => effect.kind === 'http_request')).toBe(false);
    expect(conversation.outcome).toEqual({ kind: 'handoff', lineId: null, mode: null });
  });

  it('can be driven step by step', () => {
    const bot = player(leadBotExample);
    expect(bot.start()).toMatchObject({ kind: 'effect', effect: { text: 'Hello! What is your name?' } });
    expect(bot.done()).toEqual({ kind: 'await_reply', timeoutMinutes: null });
    expect(bot.session).toMatchObject({ at: 'ask_name', variables: { crm_url: 'https://crm.example.com/api' }, steps: 3 });
  });
});

describe('vipRoutingExample', () => {
  const routing = vipRoutingExample(3, 4);

  it('is a valid routing flow', () => {
    expect(validateFlow(routing)).toEqual({ ok: true, document: routing });
  });

  it('sends VIP-tagged clients to the VIP line and everyone else to the default line', () => {
    expect(converse(routing, { facts: facts({ contact: { tags: ['vip'] } }) }).outcome).toEqual({ kind: 'handoff', lineId: 3, mode: null });
    expect(converse(routing).outcome).toEqual({ kind: 'handoff', lineId: 4, mode: null });
  });
});
