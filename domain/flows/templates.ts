import type { FlowFacts } from './runtime';

/**
 * Templates in flow texts (SPEC §6): `{{name}}` reads a flow variable, `{{contact.name}}`,
 * `{{contact.email}}`, `{{contact.phone}}` the client's details, `{{channel}}` the dialog's channel.
 * Spaces inside the braces are allowed (`{{ name }}`). Text that only looks like a template (`{{ a b }}`)
 * is left as it is.
 */

export const CONTACT_FIELDS = ['name', 'email', 'phone'] as const;
export type ContactField = (typeof CONTACT_FIELDS)[number];

/** What a template can read. */
export interface TemplateScope {
  variables: Readonly<Record<string, string>>;
  contact: Readonly<Record<ContactField, string | null>>;
  channel: string;
}

export type RenderResult = { ok: true; text: string } | { ok: false; missing: string[] };

const REFERENCE = /\{\{\s*([a-zA-Z_][a-zA-Z0-9_]*(?:\.[a-zA-Z_][a-zA-Z0-9_]*)?)\s*\}\}/g;

export function templateScope(facts: Pick<FlowFacts, 'contact' | 'channel'>, variables: Readonly<Record<string, string>>): TemplateScope {
  const { name, email, phone } = facts.contact;
  return { variables, contact: { name, email, phone }, channel: facts.channel };
}

/** The names a template reads, in order of first use, each once: ["name", "contact.phone"]. */
export function templateReferences(template: string): string[] {
  return [...new Set(Array.from(template.matchAll(REFERENCE), (match) => match[1] ?? ''))];
}

/** A reference's value, or undefined when it is unknown or not set. */
export function lookupReference(reference: string, scope: TemplateScope): string | undefined {
  if (reference === 'channel') return scope.channel;
  if (reference.startsWith('contact.')) {
    const field = reference.slice('contact.'.length);
    return isContactField(field) ? (scope.contact[field] ?? undefined) : undefined;
  }
  return Object.hasOwn(scope.variables, reference) ? scope.variables[reference] : undefined;
}

/**
 * Fills a template. A reference to something missing or not set fails (with every such name), rather
 * than silently becoming an empty string: "Hello, !" is worse than taking the flow's failure path.
 * `escape` adapts each value to where it lands (JSON string content in a request body); it is told
 * the reference's position in the template.
 */
export function renderTemplate(template: string, scope: TemplateScope, escape: (value: string, offset: number) => string = (value) => value): RenderResult {
  const missing = templateReferences(template).filter((reference) => lookupReference(reference, scope) === undefined);
  if (missing.length > 0) return { ok: false, missing };
  return { ok: true, text: template.replace(REFERENCE, (_, reference: string, offset: number) => escape(lookupReference(reference, scope) ?? '', offset)) };
}

/** Where a render must not fail (a lead's title): what is missing reads "unknown". */
export function renderTemplateLeniently(template: string, scope: TemplateScope): string {
  return template.replace(REFERENCE, (_, reference: string) => lookupReference(reference, scope) ?? 'unknown');
}

export function isContactField(field: string): field is ContactField {
  return (CONTACT_FIELDS as readonly string[]).includes(field);
}
