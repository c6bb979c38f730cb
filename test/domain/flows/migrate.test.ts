import { describe, expect, it } from 'vitest';
import { flowDocumentSchema } from '../../../domain/flows/document';
import { leadBotExample, vipRoutingExample } from '../../../domain/flows/examples';
import { migrateFlow } from '../../../domain/flows/migrate';
import { validateFlow } from '../../../domain/flows/validate';

/** A bot saved in the first storage format: asks a name, then hands off. */
const storedV1 = {
  version: 1,
  kind: 'bot',
  nodes: [
    { id: 'start', type: 'start', x: 0, y: 0, config: {} },
    { id: 'ask_name', type: 'ask', x: 280, y: 0, config: { text: 'Your name?', answer: 'text', variable: 'name', label: 'Name' } },
    { id: 'thanks', type: 'send_message', x: 560, y: 0, config: { text: 'Thank you, {{name}}!' } },
    { id: 'operators', type: 'handoff', x: 840, y: 0, config: { lineId: 4 } },
  ],
  edges: [
    { id: 'e1', from: 'start', to: 'ask_name', branch: 'next' },
    { id: 'e2', from: 'ask_name', to: 'thanks', branch: 'next' },
    { id: 'e3', from: 'ask_name', to: 'operators', branch: 'invalid' },
    { id: 'e4', from: 'thanks', to: 'operators', branch: 'next' },
  ],
};

describe('migrateFlow', () => {
  it('brings a version 1 document to the current shape, which then validates', () => {
    const migrated = migrateFlow(storedV1);
    expect(migrated).toMatchObject({
      schemaVersion: 2,
      kind: 'bot',
      variables: [],
      nodes: [
        { id: 'start', kind: 'start', position: { x: 0, y: 0 } },
        { id: 'ask_name', kind: 'ask', position: { x: 280, y: 0 }, text: 'Your name?', answer: 'text', variable: 'name', label: 'Name' },
        { id: 'thanks', kind: 'send_message', text: 'Thank you, {{name}}!' },
        { id: 'operators', kind: 'handoff', lineId: 4 },
      ],
      edges: [{ id: 'e1', source: 'start', sourceHandle: 'next', target: 'ask_name' }, {}, {}, {}],
    });
    const validation = validateFlow(migrated);
    expect(validation).toMatchObject({ ok: true });
  });

  it('does not let a version 1 config overwrite the node id or kind', () => {
    const sneaky = { ...storedV1, nodes: [{ id: 'start', type: 'start', x: 0, y: 0, config: { id: 'other', kind: 'handoff' } }], edges: [] };
    expect(migrateFlow(sneaky)).toMatchObject({ nodes: [{ id: 'start', kind: 'start' }] });
  });

  it('reads an HTTP request node saved before "safe to repeat" existed as not safe to repeat (made once)', () => {
    const stored = {
      schemaVersion: 2,
      kind: 'bot',
      variables: [],
      nodes: [
        { id: 'start', kind: 'start', position: { x: 0, y: 0 } },
        { id: 'order', kind: 'http_request', position: { x: 1, y: 0 }, method: 'POST', url: 'https://shop.example/orders', headers: [], body: '{}', timeoutSeconds: 10, responseFields: [] },
      ],
      edges: [{ id: 'e1', source: 'start', sourceHandle: 'next', target: 'order' }],
    };
    const parsed = flowDocumentSchema.parse(migrateFlow(stored));
    expect(parsed.nodes[1]).toMatchObject({ kind: 'http_request', method: 'POST', idempotent: false });
  });

  it('passes a current document through unchanged', () => {
    expect(migrateFlow(leadBotExample)).toBe(leadBotExample);
  });

  it('refuses documents from a newer Openlines, or with no version, saying what to do', () => {
    expect(() => migrateFlow({ ...leadBotExample, schemaVersion: 3 })).toThrow(
      'the flow document has version 3, newer than this Openlines understands (2): upgrade Openlines to read it',
    );
    expect(() => migrateFlow({ kind: 'bot', nodes: [] })).toThrow(/has no version/);
    expect(() => migrateFlow(null)).toThrow(/has no version/);
  });

  it('refuses a malformed version 1 document', () => {
    expect(() => migrateFlow({ version: 1, kind: 'bot', nodes: 'none', edges: [] })).toThrow(/version 1 flow document is malformed/);
  });
});

describe('flow documents survive storage', () => {
  it.each([
    ['the lead bot', leadBotExample],
    ['the VIP routing', vipRoutingExample(3, 4)],
  ])('%s: parse → JSON → migrate → parse gives the same document', (_, document) => {
    const stored: unknown = JSON.parse(JSON.stringify(document));
    expect(flowDocumentSchema.parse(migrateFlow(stored))).toEqual(document);
  });
});
