import type { buildOpenApiDocument } from './openapi';

type Document = ReturnType<typeof buildOpenApiDocument>;
interface Operation {
  operationId: string;
  summary: string;
  description: string;
  tags: string[];
  parameters: { name: string; in: string; required: boolean; description?: string; schema: Record<string, unknown> }[];
  requestBody?: { content: { 'application/json': { schema: unknown } } };
  responses: Record<string, { description: string; content?: { 'application/json': { schema: unknown } } }>;
}

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const code = (text: string) => escape(text).replace(/`([^`]+)`/g, '<code>$1</code>');

function typeOf(schema: Record<string, unknown>): string {
  if (Array.isArray(schema.enum)) return schema.enum.map(String).join(' | ');
  if (schema.type === 'array' && schema.items && typeof schema.items === 'object') return `${typeOf(schema.items as Record<string, unknown>)}[]`;
  return typeof schema.type === 'string' ? schema.type : 'value';
}

function operationHtml(method: string, path: string, op: Operation): string {
  const params = op.parameters.length
    ? `<table><thead><tr><th>Parameter</th><th>In</th><th>Type</th><th>About</th></tr></thead><tbody>${op.parameters
        .map((p) => `<tr><td><code>${escape(p.name)}</code>${p.required ? ' <em>required</em>' : ''}</td><td>${p.in}</td><td><code>${escape(typeOf(p.schema))}</code></td><td>${code(p.description ?? '')}</td></tr>`)
        .join('')}</tbody></table>`
    : '';
  const body = op.requestBody ? `<h4>Request body</h4><pre>${escape(JSON.stringify(op.requestBody.content['application/json'].schema, null, 2))}</pre>` : '';
  const success = Object.entries(op.responses).find(([status]) => status.startsWith('2'));
  const response = success ? `<h4>Response ${success[0]}</h4><details><summary>Schema</summary><pre>${escape(JSON.stringify(success[1].content?.['application/json'].schema, null, 2))}</pre></details>` : '';
  return `<section id="${escape(op.operationId)}"><h3><span class="method">${method.toUpperCase()}</span> <code>${escape(path)}</code></h3><p><strong>${escape(op.summary)}</strong></p><p>${code(op.description)}</p>${params}${body}${response}</section>`;
}

/** A readable reference of the API, rendered from its OpenAPI document (no script, no external assets). */
export function renderReferencePage(document: Document): string {
  const operations = Object.entries(document.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method, op: op as Operation })));
  const tags = document.tags.map((t) => t.name);
  const nav = operations.map(({ method, path, op }) => `<li><a href="#${escape(op.operationId)}">${method.toUpperCase()} ${escape(path)}</a></li>`).join('');
  const sections = tags
    .map((tag) => `<h2>${escape(tag)}</h2>${operations.filter(({ op }) => op.tags.includes(tag)).map(({ method, path, op }) => operationHtml(method, path, op)).join('')}`)
    .join('');
  const errors = Object.entries(operations[0]?.op.responses ?? {})
    .filter(([status]) => !status.startsWith('2'))
    .map(([status, r]) => `<li><code>${status}</code> ${code(r.description)}</li>`)
    .join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escape(document.info.title)} reference</title>
<style>body{font:15px/1.5 system-ui,sans-serif;margin:0;color:#1f2937}main{max-width:960px;margin:0 auto;padding:24px}nav ul{columns:2;padding-left:18px}section{border-top:1px solid #e5e7eb;padding:12px 0}.method{display:inline-block;min-width:54px;font-size:12px;background:#eef2ff;border-radius:4px;padding:2px 6px;text-align:center}table{border-collapse:collapse;width:100%;font-size:14px}td,th{border-bottom:1px solid #e5e7eb;padding:4px 8px;text-align:left;vertical-align:top}pre{background:#f9fafb;padding:8px;overflow:auto;font-size:12px}code{font-family:ui-monospace,monospace}</style></head>
<body><main><h1>${escape(document.info.title)} v${escape(document.info.version)}</h1><p>${code(document.info.description)}</p>
<p>Base URL: <code>${escape(document.servers[0]?.url ?? '')}</code> · Machine-readable document: <a href="openapi.json">openapi.json</a> (OpenAPI 3.1)</p>
<h2>Authentication and scopes</h2><p>${code(document.components.securitySchemes.apiKey.description)}</p>
<h2>Errors</h2><ul>${errors}</ul>
<h2>Operations</h2><nav aria-label="Operations"><ul>${nav}</ul></nav>${sections}</main></body></html>`;
}
