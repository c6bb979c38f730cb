import { describe, expect, it } from 'vitest';
import { renderTemplate, templateReferences, templateScope, type TemplateScope } from '../../../domain/flows/templates';
import { facts } from './helpers';

const scope = (variables: Record<string, string> = {}): TemplateScope =>
  templateScope(facts({ channel: 'telegram', contact: { name: 'Anna', email: 'anna@example.com', phone: null } }), variables);

describe('renderTemplate', () => {
  it('fills variables, contact fields and the channel', () => {
    const rendered = renderTemplate('Hi {{name}} ({{contact.name}}, {{contact.email}}) via {{channel}}', scope({ name: 'Ann' }));
    expect(rendered).toEqual({ ok: true, text: 'Hi Ann (Anna, anna@example.com) via telegram' });
  });

  it('allows spaces inside the braces', () => {
    expect(renderTemplate('Order {{ order_id }} / {{  contact.name}}', scope({ order_id: '42' }))).toEqual({ ok: true, text: 'Order 42 / Anna' });
  });

  it('fails with every missing name rather than leaving a gap in the text', () => {
    expect(renderTemplate('Hi {{name}}, we call {{contact.phone}} about {{name}}', scope())).toEqual({ ok: false, missing: ['name', 'contact.phone'] });
  });

  it('treats an unknown contact field as missing', () => {
    expect(renderTemplate('{{contact.city}}', scope())).toEqual({ ok: false, missing: ['contact.city'] });
  });

  it('keeps a variable set to an empty string (it is set) and text that only looks like a template', () => {
    expect(renderTemplate('[{{note}}] {{ not a template }} {single}', scope({ note: '' }))).toEqual({ ok: true, text: '[] {{ not a template }} {single}' });
  });

  it('does not read inherited object properties as variables', () => {
    expect(renderTemplate('{{constructor}}', scope())).toEqual({ ok: false, missing: ['constructor'] });
  });
});

describe('templateReferences', () => {
  it('lists each reference once, in order of first use', () => {
    expect(templateReferences('{{a}} {{ contact.email }} {{a}} {{channel}} {{b_2}}')).toEqual(['a', 'contact.email', 'channel', 'b_2']);
  });

  it('is empty for plain text', () => {
    expect(templateReferences('Hello {name} {{ }}')).toEqual([]);
  });
});
