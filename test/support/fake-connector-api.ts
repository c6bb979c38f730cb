import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';

/** The connector API's OpenAPI document (docs/connector-api.openapi.yaml), parsed. */
export const connectorApiDocument = parse(readFileSync('docs/connector-api.openapi.yaml', 'utf8')) as Record<string, unknown> & {
  paths: Record<string, { post: { requestBody: { content: { 'application/json': { examples: Record<string, { value: unknown }> } } } } }>;
};

const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats.default(ajv);
ajv.addSchema(connectorApiDocument, 'connector-api');

/** Where a value breaks the document's schema at `pointer` (a JSON pointer into the document); empty when it fits. */
export function connectorApiErrors(pointer: string, value: unknown): string[] {
  const validate = ajv.getSchema(`connector-api#${pointer}`);
  if (!validate) throw new Error(`no schema at ${pointer}`);
  return validate(value) ? [] : (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message}`);
}

/** The schema of the push endpoint's answer with this status. */
export function pushResponsePointer(status: number): string {
  return `/paths/~1api~1channels~1{channelKey}~1webhook/post/responses/${status}/content/application~1json/schema`;
}
