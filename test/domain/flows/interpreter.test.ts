import { describe, expect, it } from 'vitest';
import { advanceFlow, startSession } from '../../../domain/flows/interpreter';
import { MAX_STEPS_PER_ADVANCE } from '../../../domain/flows/runtime';
import { facts, flow, link, node, player } from './helpers';

const send = (text: string) => ({ kind: 'effect', effect: { kind: 'send_message', text, buttons: [], attachments: [] } });
const finished = { kind: 'end', outcome: { kind: 'finished' } };
const operators = node('operators', 'handoff');
const handedOff = { kind: 'end', outcome: { kind: 'handoff', lineId: null, mode: null } };

describe('startSession and start', () => {
  it('starts at the start node and follows "next"', () => {
    const document = flow([node('begin', 'start'), operators], [link('begin', 'next', 'operators')]);
    const bot = player(document);
    expect(bot.session).toEqual({ flowId: 7, version: 3, at: 'begin', variables: {}, retries: 0, steps: 0 });
    expect(bot.start()).toEqual(handedOff);
    expect(bot.session).toMatchObject({ at: 'operators', steps: 2 });
  });

  it('finishes when an output the flow needs is not connected', () => {
    expect(player(flow([node('begin', 'start')], [])).start()).toEqual(finished);
  });

  it('starts on any first input (a reply that arrives before the start is not an answer)', () => {
    const document = flow([node('begin', 'start'), node('ask_name', 'ask', { text: 'Name?', answer: 'text', variable: 'name' })], [link('begin', 'next', 'ask_name')]);
    const bot = player(document);
    expect(bot.reply('Anna')).toEqual(send('Name?'));
    expect(bot.session.variables).toEqual({});
  });
});

describe('send_message', () => {
  const document = flow(
    [
      node('begin', 'start'),
      node('hello', 'send_message', {
        text: 'Hello, {{contact.name}}! You came via {{channel}}.',
        buttons: [{ id: 'b1', label: 'Prices' }],
        attachments: [{ url: 'https://example.com/prices.pdf', name: 'prices.pdf' }],
      }),
      operators,
    ],
    [link('begin', 'next', 'hello'), link('hello', 'next', 'operators')],
  );

  it('sends the rendered text with buttons and attachments, then goes on once it is delivered', () => {
    const bot = player(document, facts({ contact: { name: 'Anna' } }));
    expect(bot.start()).toEqual({
      kind: 'effect',
      effect: {
        kind: 'send_message',
        text: 'Hello, Anna! You came via widget.',
        buttons: [{ id: 'b1', label: 'Prices' }],
        attachments: [{ url: 'https://example.com/prices.pdf', name: 'prices.pdf' }],
      },
    });
    expect(bot.session.at).toBe('hello');
    expect(bot.done()).toEqual(handedOff);
  });

  it('fails on the node when the text reads something not set', () => {
    expect(player(document).start()).toEqual({
      kind: 'end',
      outcome: { kind: 'failed', nodeId: 'hello', reason: 'the text uses {{contact.name}}, which is not set' },
    });
  });

  it('ignores a reply while the message is being sent: same stop, same session', () => {
    const bot = player(document, facts({ contact: { name: 'Anna' } }));
    const sending = bot.start();
    const before = bot.session;
    expect(bot.reply('hi?')).toEqual(sending);
    expect(bot.session).toBe(before);
    expect(bot.timeout()).toEqual(sending);
  });
});

describe('ask', () => {
  const ask = (fields: Record<string, unknown>) =>
    flow(
      [
        node('begin', 'start'),
        node('ask_topic', 'ask', { text: 'What is it about?', answer: 'choice', variable: 'topic', choices: [{ id: 'delivery', label: 'Delivery' }, { id: 'returns', label: 'Returns' }], maxRetries: 1, retryText: 'Please pick one of: {{contact.name}}?', ...fields }),
        node('thanks', 'send_message', { text: 'About {{topic}}: noted.' }),
        node('confused', 'send_message', { text: 'Let me find a person for you.' }),
        node('silent', 'close_dialog'),
        operators,
      ],
      [
        link('begin', 'next', 'ask_topic'),
        link('ask_topic', 'next', 'thanks'),
        link('ask_topic', 'invalid', 'confused'),
        link('ask_topic', 'timeout', 'silent'),
        link('thanks', 'next', 'operators'),
        link('confused', 'next', 'operators'),
      ],
    );
  const topicButtons = [
    { id: 'delivery', label: 'Delivery' },
    { id: 'returns', label: 'Returns' },
  ];

  it('asks with the choices as buttons, waits, and stores a valid answer', () => {
    const bot = player(ask({ timeoutMinutes: 30 }));
    expect(bot.start()).toEqual({ kind: 'effect', effect: { kind: 'send_message', text: 'What is it about?', buttons: topicButtons, attachments: [] } });
    expect(bot.done()).toEqual({ kind: 'await_reply', timeoutMinutes: 30 });
    expect(bot.reply('2')).toEqual(send('About Returns: noted.'));
    expect(bot.session.variables).toEqual({ topic: 'Returns' });
  });

  it('sends the retry text on a wrong answer, and takes "invalid" once the retries are used up', () => {
    const bot = player(ask({ retryText: 'Please pick Delivery or Returns.' }));
    bot.start();
    bot.done();
    expect(bot.reply('pizza')).toEqual({ kind: 'effect', effect: { kind: 'send_message', text: 'Please pick Delivery or Returns.', buttons: topicButtons, attachments: [] } });
    expect(bot.session.retries).toBe(1);
    expect(bot.done()).toEqual({ kind: 'await_reply', timeoutMinutes: null });
    expect(bot.reply('pasta')).toEqual(send('Let me find a person for you.'));
    expect(bot.session).toMatchObject({ at: 'confused', retries: 0, variables: {} });
  });

  it('accepts a right answer after a wrong one', () => {
    const bot = player(ask({ retryText: 'Please pick Delivery or Returns.' }));
    bot.start();
    bot.done();
    bot.reply('pizza');
    bot.done();
    expect(bot.reply('delivery')).toEqual(send('About Delivery: noted.'));
  });

  it('takes "timeout" when the client is silent, and finishes without a timeout branch', () => {
    const withTimeout = player(ask({ timeoutMinutes: 30 }));
    withTimeout.start();
    withTimeout.done();
    expect(withTimeout.timeout()).toEqual({ kind: 'end', outcome: { kind: 'close' } });

    // No timeout set: the runner's overall bot timeout ends the flow.
    const withoutTimeout = player(ask({}));
    withoutTimeout.start();
    withoutTimeout.done();
    expect(withoutTimeout.timeout()).toEqual(finished);
  });

  it('ignores an effect result while waiting for the answer', () => {
    const bot = player(ask({}));
    bot.start();
    const waiting = bot.done();
    expect(bot.done()).toEqual(waiting);
    expect(bot.reply('Delivery')).toEqual(send('About Delivery: noted.'));
  });

  it('fails when the retry text reads something not set', () => {
    const bot = player(ask({}));
    bot.start();
    bot.done();
    expect(bot.reply('pizza')).toEqual({ kind: 'end', outcome: { kind: 'failed', nodeId: 'ask_topic', reason: 'the text uses {{contact.name}}, which is not set' } });
  });
});

describe('condition', () => {
  const document = flow(
    [
      node('begin', 'start'),
      node('open', 'condition', { rules: [{ subject: { source: 'working_hours' }, operator: 'is_set' }] }),
      node('to_sales', 'handoff', { lineId: 2 }),
      node('closed', 'send_message', { text: 'We are closed.' }),
    ],
    [link('begin', 'next', 'open'), link('open', 'true', 'to_sales'), link('open', 'false', 'closed')],
  );

  it('takes "true" or "false" from the facts', () => {
    expect(player(document, facts({ withinWorkingHours: true })).start()).toEqual({ kind: 'end', outcome: { kind: 'handoff', lineId: 2, mode: null } });
    expect(player(document, facts({ withinWorkingHours: false })).start()).toEqual(send('We are closed.'));
  });
});

describe('set_variable', () => {
  it('stores a rendered value and goes straight on', () => {
    const document = flow(
      [node('begin', 'start'), node('greeting', 'set_variable', { target: { scope: 'variable', key: 'greeting' }, value: 'Hi {{contact.name}}' }), node('hello', 'send_message', { text: '{{greeting}}!' })],
      [link('begin', 'next', 'greeting'), link('greeting', 'next', 'hello')],
    );
    const bot = player(document, facts({ contact: { name: 'Anna' } }));
    expect(bot.start()).toEqual(send('Hi Anna!'));
    expect(bot.session.variables).toEqual({ greeting: 'Hi Anna' });
  });

  const saveEmail = flow(
    [node('begin', 'start'), node('save', 'set_variable', { target: { scope: 'contact', key: 'email' }, value: '{{email}}' }), operators],
    [link('begin', 'next', 'save'), link('save', 'next', 'operators')],
  );

  it('writes a contact field through an effect, then goes on', () => {
    const session = { ...startSession(1, 1, saveEmail), variables: { email: 'anna@example.com' } };
    const saving = advanceFlow(saveEmail, session, { kind: 'start' }, facts());
    expect(saving.stop).toEqual({ kind: 'effect', effect: { kind: 'set_contact_field', field: 'email', value: 'anna@example.com' } });
    expect(saving.session.at).toBe('save');
    expect(advanceFlow(saveEmail, saving.session, { kind: 'effect_done', result: { kind: 'done' } }, facts()).stop).toEqual(handedOff);
  });

  it('fails on the node when the value reads something not set', () => {
    expect(player(saveEmail).start()).toEqual({ kind: 'end', outcome: { kind: 'failed', nodeId: 'save', reason: 'the value uses {{email}}, which is not set' } });
  });
});

describe('http_request', () => {
  const document = flow(
    [
      node('begin', 'start'),
      node('lookup', 'http_request', {
        method: 'POST',
        url: '{{api}}/orders?email={{contact.email}}',
        headers: [{ name: 'Authorization', value: 'Bearer {{token}}' }],
        body: '{"note": "{{note}}"}',
        timeoutSeconds: 5,
        responseFields: [
          { path: 'orders.0.status', variable: 'status' },
          { path: 'orders.0.total', variable: 'total' },
          { path: 'orders.0.missing', variable: 'missing' },
          { path: 'customer', variable: 'customer' },
        ],
      }),
      node('found', 'send_message', { text: 'Your order is {{status}}.' }),
      node('failed', 'send_message', { text: 'Lookup failed: {{http_error}}' }),
    ],
    [link('begin', 'next', 'lookup'), link('lookup', 'success', 'found'), link('lookup', 'failure', 'failed')],
  );
  const variables = { api: 'https://shop.example.com/api', token: 't0k', note: 'He said "hi"' };
  const begin = (vars: Record<string, string> = variables) =>
    advanceFlow(document, { ...startSession(1, 1, document), variables: vars }, { kind: 'start' }, facts({ contact: { email: 'anna@example.com' } }));

  it('makes the rendered request, escaping values inside a JSON body', () => {
    const started = begin();
    expect(started.stop).toEqual({
      kind: 'effect',
      effect: {
        kind: 'http_request',
        method: 'POST',
        url: 'https://shop.example.com/api/orders?email=anna%40example.com',
        headers: { Authorization: 'Bearer t0k' },
        body: '{"note": "He said \\"hi\\""}',
        timeoutSeconds: 5,
        // Not marked safe to repeat: a failed POST is made once.
        idempotent: false,
      },
    });
    const effect = started.stop.kind === 'effect' ? started.stop.effect : null;
    expect(JSON.parse(effect?.kind === 'http_request' ? effect.body : '')).toEqual({ note: 'He said "hi"' });
  });

  it('percent-encodes values in the path and query, so a client answer cannot steer the request', () => {
    const steered = flow(
      [
        node('begin', 'start'),
        node('lookup', 'http_request', { method: 'GET', url: 'https://{{host}}/orders/{{order}}?q={{answer}}#{{answer}}', timeoutSeconds: 5 }),
        node('done', 'handoff'),
      ],
      [link('begin', 'next', 'lookup'), link('lookup', 'success', 'done'), link('lookup', 'failure', 'done')],
    );
    const vars = { host: 'shop.example.com', order: '1/../../admin', answer: 'a b&token=x#y' };
    const started = advanceFlow(steered, { ...startSession(1, 1, steered), variables: vars }, { kind: 'start' }, facts());
    expect(started.stop).toMatchObject({
      effect: { url: 'https://shop.example.com/orders/1%2F..%2F..%2Fadmin?q=a%20b%26token%3Dx%23y#a%20b%26token%3Dx%23y' },
    });
  });

  it('on a 2xx answer copies the response fields (leaving missing ones unset) and takes "success"', () => {
    const body = { orders: [{ status: 'shipped', total: 12.5 }], customer: { vip: true } };
    const answered = advanceFlow(document, begin().session, { kind: 'effect_done', result: { kind: 'http_response', ok: true, status: 200, body } }, facts());
    expect(answered.stop).toEqual(send('Your order is shipped.'));
    expect(answered.session.variables).toEqual({ ...variables, http_status: '200', status: 'shipped', total: '12.5', customer: '{"vip":true}' });
  });

  it('reads a body that arrived as JSON text', () => {
    const answered = advanceFlow(document, begin().session, { kind: 'effect_done', result: { kind: 'http_response', ok: true, status: 201, body: '{"orders":[{"status":"new"}]}' } }, facts());
    expect(answered.stop).toEqual(send('Your order is new.'));
  });

  it('takes "failure" on another status, with http_status and http_error set', () => {
    const answered = advanceFlow(document, begin().session, { kind: 'effect_done', result: { kind: 'http_response', ok: true, status: 404, body: {} } }, facts());
    expect(answered.stop).toEqual(send('Lookup failed: the server answered 404'));
    expect(answered.session.variables).toMatchObject({ http_status: '404', http_error: 'the server answered 404' });
  });

  it('takes "failure" when the request could not be made', () => {
    const answered = advanceFlow(document, begin().session, { kind: 'effect_done', result: { kind: 'http_response', ok: false, error: 'timed out after 5 s' } }, facts());
    expect(answered.stop).toEqual(send('Lookup failed: timed out after 5 s'));
    expect(answered.session.variables).not.toHaveProperty('http_status');
  });

  it('takes "failure" without a request when a template value is missing', () => {
    expect(begin({ api: 'https://shop.example.com/api' }).stop).toEqual(send('Lookup failed: not set: token, note'));
  });

  it('takes "failure" without a request when the URL is not http(s)', () => {
    expect(begin({ ...variables, api: 'file:///etc' }).stop).toEqual(send('Lookup failed: "file:///etc/orders?email=anna%40example.com" is not an http(s) URL'));
    expect(begin({ ...variables, api: 'javascript:alert(1)//' }).stop).toMatchObject({ effect: { text: expect.stringContaining('is not an http(s) URL') } });
  });
});

describe('wait', () => {
  it('delay: sleeps, then goes on; a reply meanwhile changes nothing', () => {
    const document = flow(
      [node('begin', 'start'), node('pause', 'wait', { mode: 'delay', minutes: 15 }), node('again', 'send_message', { text: 'Still there?' })],
      [link('begin', 'next', 'pause'), link('pause', 'next', 'again')],
    );
    const bot = player(document);
    expect(bot.start()).toEqual({ kind: 'sleep', minutes: 15 });
    expect(bot.reply('hello?')).toEqual({ kind: 'sleep', minutes: 15 });
    expect(bot.timeout()).toEqual(send('Still there?'));
  });

  const untilReply = flow(
    [
      node('begin', 'start'),
      node('listen', 'wait', { mode: 'reply', minutes: 60 }),
      node('echo', 'send_message', { text: 'You said: {{last_reply}}' }),
      node('bye', 'close_dialog'),
    ],
    [link('begin', 'next', 'listen'), link('listen', 'replied', 'echo'), link('listen', 'timeout', 'bye')],
  );

  it('reply: waits for the client, keeps the reply in last_reply and takes "replied"', () => {
    const bot = player(untilReply);
    expect(bot.start()).toEqual({ kind: 'await_reply', timeoutMinutes: 60 });
    expect(bot.reply('my order is late')).toEqual(send('You said: my order is late'));
    expect(bot.session.variables).toEqual({ last_reply: 'my order is late' });
  });

  it('reply: takes "timeout" when the client stays silent', () => {
    const bot = player(untilReply);
    bot.start();
    expect(bot.timeout()).toEqual({ kind: 'end', outcome: { kind: 'close' } });
  });
});

describe('steps that end the flow', () => {
  const endsWith = (last: ReturnType<typeof node>, kind: 'bot' | 'routing' = 'bot') =>
    player(flow([node('begin', 'start'), last], [link('begin', 'next', last.id)], { kind }), facts()).start();

  it.each([
    ['handoff to this line', node('x', 'handoff'), { kind: 'handoff', lineId: null, mode: null }],
    ['handoff to another line', node('x', 'handoff', { lineId: 5 }), { kind: 'handoff', lineId: 5, mode: null }],
    ['route to line with a mode', node('x', 'route_to_line', { lineId: 5, mode: 'all' }), { kind: 'handoff', lineId: 5, mode: 'all' }],
    ['transfer to a user', node('x', 'transfer_to_user', { userId: 'u9' }), { kind: 'assign', userId: 'u9' }],
    ['route to an operator', node('x', 'route_to_operator', { userId: 'u9' }), { kind: 'assign', userId: 'u9' }],
    ['close the dialog', node('x', 'close_dialog'), { kind: 'close' }],
    ['jump to a flow', node('x', 'jump_to_flow', { flowId: 12 }), { kind: 'switch_flow', flowId: 12 }],
    ['run a bot', node('x', 'run_bot', { flowId: 12 }), { kind: 'switch_flow', flowId: 12 }],
  ])('%s', (_, last, outcome) => {
    expect(endsWith(last)).toEqual({ kind: 'end', outcome });
  });

  it('an ended session stays ended whatever comes next', () => {
    const bot = player(flow([node('begin', 'start'), node('x', 'close_dialog')], [link('begin', 'next', 'x')]));
    const end = bot.start();
    expect(bot.reply('hello?')).toEqual(end);
    expect(bot.timeout()).toEqual(end);
    expect(bot.session.steps).toBe(2);
  });
});

describe('route_to_responsible', () => {
  const document = flow(
    [node('begin', 'start'), node('own', 'route_to_responsible'), node('queue', 'route_to_line', { lineId: 1 })],
    [link('begin', 'next', 'own'), link('own', 'fallback', 'queue')],
    { kind: 'routing' },
  );

  it('assigns the responsible user who can take the dialog now', () => {
    expect(player(document, facts({ contact: { responsibleUserId: 'u5', responsibleAvailable: true } })).start()).toEqual({ kind: 'end', outcome: { kind: 'assign', userId: 'u5' } });
  });

  it('takes "fallback" without a responsible user, or when they are unavailable', () => {
    const queue = { kind: 'end', outcome: { kind: 'handoff', lineId: 1, mode: null } };
    expect(player(document, facts({ contact: { responsibleUserId: 'u5', responsibleAvailable: false } })).start()).toEqual(queue);
    expect(player(document).start()).toEqual(queue);
  });
});

describe('create_lead, set_priority, set_tag', () => {
  it('create_lead: creates the lead with the rendered title and keeps its id in lead_id', () => {
    const document = flow(
      [node('begin', 'start'), node('lead', 'create_lead', { title: 'Lead from {{contact.name}} ({{channel}})' }), node('tell', 'send_message', { text: 'Lead #{{lead_id}}' })],
      [link('begin', 'next', 'lead'), link('lead', 'next', 'tell')],
    );
    const bot = player(document, facts({ contact: { name: 'Anna' } }));
    expect(bot.start()).toEqual({ kind: 'effect', effect: { kind: 'create_lead', title: 'Lead from Anna (widget)' } });
    expect(bot.done({ kind: 'lead_created', leadId: 88 })).toEqual(send('Lead #88'));
  });

  it('create_lead: an unknown name still gives a lead, titled with "unknown"', () => {
    const document = flow([node('begin', 'start'), node('lead', 'create_lead')], [link('begin', 'next', 'lead')]);
    expect(player(document).start()).toEqual({ kind: 'effect', effect: { kind: 'create_lead', title: 'Lead from unknown' } });
  });

  it('set_priority and set_tag: ask for the change, then go on', () => {
    const document = flow(
      [node('begin', 'start'), node('urgent', 'set_priority', { priority: 90 }), node('tag', 'set_tag', { tag: 'VIP' }), node('queue', 'route_to_line', { lineId: 1 })],
      [link('begin', 'next', 'urgent'), link('urgent', 'next', 'tag'), link('tag', 'next', 'queue')],
      { kind: 'routing' },
    );
    const routing = player(document);
    expect(routing.start()).toEqual({ kind: 'effect', effect: { kind: 'set_priority', priority: 90 } });
    expect(routing.done()).toEqual({ kind: 'effect', effect: { kind: 'set_tag', tag: 'VIP' } });
    expect(routing.done()).toEqual({ kind: 'end', outcome: { kind: 'handoff', lineId: 1, mode: null } });
  });
});

describe('runaway flows and odd sessions', () => {
  it(`fails after ${MAX_STEPS_PER_ADVANCE} steps without a stop (a loop validation would have refused)`, () => {
    const document = flow(
      [node('begin', 'start'), node('a', 'set_variable', { target: { scope: 'variable', key: 'x' }, value: 'a' }), node('b', 'set_variable', { target: { scope: 'variable', key: 'x' }, value: 'b' })],
      [link('begin', 'next', 'a'), link('a', 'next', 'b'), link('b', 'next', 'a')],
    );
    const bot = player(document);
    expect(bot.start()).toMatchObject({ kind: 'end', outcome: { kind: 'failed', reason: `more than ${MAX_STEPS_PER_ADVANCE} steps without waiting: the flow loops` } });
    expect(bot.session.steps).toBe(MAX_STEPS_PER_ADVANCE);
  });

  it('fails cleanly for a session pointing at a node the flow does not have', () => {
    const document = flow([node('begin', 'start')], []);
    const lost = { ...startSession(1, 1, document), at: 'gone' };
    expect(advanceFlow(document, lost, { kind: 'start' }, facts()).stop).toEqual({ kind: 'end', outcome: { kind: 'failed', nodeId: 'gone', reason: 'the flow has no node "gone"' } });
  });

  it('never changes the session it is given (the workflow may replay from it)', () => {
    const document = flow(
      [node('begin', 'start'), node('mark', 'set_variable', { target: { scope: 'variable', key: 'seen' }, value: 'yes' }), node('hi', 'send_message', { text: 'Hi' })],
      [link('begin', 'next', 'mark'), link('mark', 'next', 'hi')],
    );
    const session = Object.freeze({ ...startSession(1, 1, document), variables: Object.freeze({ earlier: '1' }) });
    const step = advanceFlow(document, session, { kind: 'start' }, facts());
    expect(step.session.variables).toEqual({ earlier: '1', seen: 'yes' });
    expect(session).toEqual({ flowId: 1, version: 1, at: 'begin', variables: { earlier: '1' }, retries: 0, steps: 0 });
  });

  it('a session survives JSON (continue-as-new) mid-question', () => {
    const document = flow(
      [node('begin', 'start'), node('ask_name', 'ask', { text: 'Name?', answer: 'text', variable: 'name' }), node('hi', 'send_message', { text: 'Hi {{name}}' })],
      [link('begin', 'next', 'ask_name'), link('ask_name', 'next', 'hi')],
    );
    const bot = player(document);
    bot.start();
    bot.done();
    const revived = JSON.parse(JSON.stringify(bot.session)) as typeof bot.session;
    expect(advanceFlow(document, revived, { kind: 'reply', text: 'Anna' }, facts()).stop).toEqual(send('Hi Anna'));
  });
});
