import { z } from 'zod';
import { apiScopeDescriptions, apiScopes } from '../../../domain/api-scopes';
import type { ApiOperation } from './registry';

type JsonSchema = Record<string, unknown>;

function jsonSchemaOf(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

export const apiErrorSchema = z
  .object({
    error: z.object({
      code: z.enum(['BAD_REQUEST', 'UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'METHOD_NOT_ALLOWED', 'CONFLICT', 'PAYLOAD_TOO_LARGE', 'TOO_MANY_REQUESTS', 'INTERNAL']),
      message: z.string(),
      field: z.string().optional(),
    }),
  });

const errorResponses: Record<string, string> = {
  '400': 'The input is invalid; `error.field` names the field and `error.message` says how to fix it.',
  '401': 'The API key is missing, unknown or revoked.',
  '403': 'The API key lacks the scope this operation needs, or the action is not allowed.',
  '404': 'There is no such resource.',
  '409': 'The resource is not in a state that allows this.',
  '429': 'Too many requests for this key; wait the seconds in `Retry-After`.',
};

function parametersOf(schema: z.ZodObject<z.ZodRawShape> | undefined, location: 'path' | 'query') {
  if (!schema) return [];
  return Object.entries(schema.shape).map(([name, field]) => {
    const fieldSchema = field as z.ZodType;
    const json = jsonSchemaOf(fieldSchema, 'input');
    const { description, ...rest } = json;
    return {
      name,
      in: location,
      required: location === 'path' || !fieldSchema.safeParse(undefined).success,
      ...(typeof description === 'string' ? { description } : {}),
      schema: rest,
      // Lists are written as `statuses=queued&statuses=closed`.
      ...(rest.type === 'array' ? { style: 'form', explode: true } : {}),
    };
  });
}

/** The OpenAPI 3.1 document of the public REST API, generated from the operations' own schemas. */
export function buildOpenApiDocument(operations: readonly ApiOperation[], serverUrl: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of operations) {
    const responses: Record<string, unknown> = {
      [String(op.status ?? 200)]: { description: 'Success', content: { 'application/json': { schema: jsonSchemaOf(op.response, 'output') } } },
    };
    for (const [status, description] of Object.entries(errorResponses)) {
      responses[status] = { description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
    }
    (paths[op.path] ??= {})[op.method.toLowerCase()] = {
      operationId: op.id,
      tags: [op.tag],
      summary: op.summary,
      description: `${op.description ? `${op.description}\n\n` : ''}Scope: \`${op.scope}\`.`,
      security: [{ apiKey: [op.scope] }],
      parameters: [...parametersOf(op.params, 'path'), ...parametersOf(op.query, 'query')],
      ...(op.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchemaOf(op.body, 'input') } } } } : {}),
      responses,
    };
  }
  const errorSchema = jsonSchemaOf(apiErrorSchema, 'output');
  return {
    openapi: '3.1.0',
    info: {
      title: 'Openlines API',
      version: '1',
      description:
        'The public REST API of Openlines. Authenticate with `Authorization: Bearer ol_…` (an admin creates keys with scopes under Admin → API keys). ' +
        'Lists are keyset-paged: pass `limit` and the `next_cursor` of the previous page as `cursor`. ' +
        'Every error is `{ "error": { "code", "message", "field" } }`.',
    },
    servers: [{ url: `${serverUrl.replace(/\/$/, '')}/api/v1` }],
    tags: [...new Set(operations.map((op) => op.tag))].map((name) => ({ name })),
    paths,
    components: {
      schemas: { Error: errorSchema },
      securitySchemes: {
        apiKey: {
          type: 'http',
          scheme: 'bearer',
          description: `API key (\`ol_…\`). Scopes: ${apiScopes.map((s) => `\`${s}\` — ${apiScopeDescriptions[s]}`).join('; ')}.`,
        },
      },
    },
    security: [{ apiKey: [] }],
  };
}
