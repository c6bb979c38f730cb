import { flowDocumentSchema, type FlowDocument, type FlowDocumentInput } from './document';

/**
 * Two complete, valid flows: for tests, the editor's templates and anyone who needs a realistic flow.
 */

const at = (column: number, row: number) => ({ x: column * 280, y: row * 160 });
const edge = (source: string, sourceHandle: string, target: string) => ({ id: `${source}-${sourceHandle}`, source, sourceHandle, target });

/**
 * A bot that collects a lead: asks the client's name and phone (a wrong phone gets the retry text),
 * sends both to a CRM, greets gold-tier clients differently, and hands the dialog to operators. If
 * the CRM cannot be reached it promises a call back.
 */
export const leadBotExample: FlowDocument = flowDocumentSchema.parse({
  schemaVersion: 2,
  kind: 'bot',
  variables: [{ name: 'crm_url', description: 'Base URL of the CRM API' }],
  nodes: [
    { id: 'start', kind: 'start', position: at(0, 0) },
    { id: 'crm', kind: 'set_variable', position: at(1, 0), target: { scope: 'variable', key: 'crm_url' }, value: 'https://crm.example.com/api' },
    { id: 'ask_name', kind: 'ask', position: at(2, 0), text: 'Hello! What is your name?', answer: 'text', variable: 'name' },
    {
      id: 'ask_phone',
      kind: 'ask',
      position: at(3, 0),
      text: 'Nice to meet you, {{name}}! What phone number can we reach you on?',
      answer: 'phone',
      variable: 'phone',
      retryText: 'That does not look like a phone number. Please send it with digits, like +1 555 123 4567.',
      maxRetries: 2,
    },
    {
      id: 'send_lead',
      kind: 'http_request',
      position: at(4, 0),
      method: 'POST',
      url: '{{crm_url}}/leads',
      headers: [{ name: 'Content-Type', value: 'application/json' }],
      body: '{"name": "{{name}}", "phone": "{{phone}}"}',
      responseFields: [
        { path: 'lead.tier', variable: 'tier' },
        { path: 'lead.id', variable: 'crm_lead_id' },
      ],
    },
    { id: 'is_gold', kind: 'condition', position: at(5, 0), rules: [{ subject: { source: 'variable', key: 'tier' }, operator: 'equals', value: 'gold' }] },
    { id: 'greet_gold', kind: 'send_message', position: at(6, 0), text: '{{name}}, as a gold client you get a senior manager: connecting you now.' },
    { id: 'greet', kind: 'send_message', position: at(6, 1), text: 'Thank you, {{name}}! A manager will be with you shortly.' },
    { id: 'call_back', kind: 'send_message', position: at(5, 2), text: "Thank you! We'll call you at {{phone}} as soon as we can." },
    { id: 'operators', kind: 'handoff', position: at(7, 1) },
  ],
  edges: [
    edge('start', 'next', 'crm'),
    edge('crm', 'next', 'ask_name'),
    edge('ask_name', 'next', 'ask_phone'),
    edge('ask_name', 'invalid', 'operators'),
    edge('ask_phone', 'next', 'send_lead'),
    edge('ask_phone', 'invalid', 'operators'),
    edge('send_lead', 'success', 'is_gold'),
    edge('send_lead', 'failure', 'call_back'),
    edge('is_gold', 'true', 'greet_gold'),
    edge('is_gold', 'false', 'greet'),
    edge('greet_gold', 'next', 'operators'),
    edge('greet', 'next', 'operators'),
    edge('call_back', 'next', 'operators'),
  ],
} satisfies FlowDocumentInput);

/** A routing flow: clients tagged VIP go to the VIP line, everyone else to the default line. */
export function vipRoutingExample(vipLineId: number, defaultLineId: number): FlowDocument {
  return flowDocumentSchema.parse({
    schemaVersion: 2,
    kind: 'routing',
    nodes: [
      { id: 'start', kind: 'start', position: at(0, 0) },
      { id: 'is_vip', kind: 'condition', position: at(1, 0), rules: [{ subject: { source: 'tag', key: 'VIP' }, operator: 'is_set' }] },
      { id: 'to_vip', kind: 'route_to_line', position: at(2, 0), lineId: vipLineId },
      { id: 'to_default', kind: 'route_to_line', position: at(2, 1), lineId: defaultLineId },
    ],
    edges: [edge('start', 'next', 'is_vip'), edge('is_vip', 'true', 'to_vip'), edge('is_vip', 'false', 'to_default')],
  } satisfies FlowDocumentInput);
}
