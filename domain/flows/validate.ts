import { z } from 'zod';
import { flowDocumentSchema, type FlowDocument } from './document';
import { graphProblems } from './validate-graph';
import { nodeProblems } from './validate-nodes';
import { englishErrorText } from '../error-messages';

/**
 * Checks a flow document on save and on publish (SPEC §6): first the schema, then the rules of the
 * graph (one start, no dangling or duplicate connections, every branch handled, no loop without a
 * wait, everything reachable) and of each node's content (variables used are set somewhere, choices
 * offered, regular expressions usable). Each problem sits on the node or edge it belongs to and its
 * message says what to do.
 */

/**
 * What kind of problem it is, so a UI can word it in its own language (`params` fill the words in);
 * `message` is the English wording for the API and logs. `field`: a value the schema refuses, with
 * `params.rule` saying which rule (required, notEmpty, tooLong, …) and `params.limit` its number.
 */
export const flowProblemCodes = [
  'field',
  'noStart',
  'extraStart',
  'startIsTarget',
  'duplicateNodeId',
  'duplicateEdgeId',
  'edgeFromMissing',
  'edgeToMissing',
  'noSuchOutput',
  'branchNotConnected',
  'branchManyConnections',
  'loopWithoutWait',
  'unreachable',
  'variableDeclaredTwice',
  'kindNotInFlow',
  'choicesMissing',
  'notAContactField',
  'variableNeverSet',
  'ruleVariableNeverSet',
  'rulePattern',
  'flowIsItself',
  'flowMissing',
  'flowNotBot',
  'flowUnpublished',
  'lineMissing',
  'userMissing',
] as const;
export type FlowProblemCode = (typeof flowProblemCodes)[number];
export type FlowProblemParams = Record<string, string | number>;

export interface FlowProblem {
  nodeId?: string;
  edgeId?: string;
  /** The field within the node or edge ("text", "rules[0].value"), or within the document. */
  path?: string;
  code: FlowProblemCode;
  params?: FlowProblemParams;
  message: string;
}

/** A problem as the API sends it (the editor reads `code` and `params`, integrations `message`). */
export const flowProblemSchema = z.object({
  nodeId: z.string().optional(),
  edgeId: z.string().optional(),
  path: z.string().optional(),
  code: z.enum(flowProblemCodes),
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
  message: z.string(),
});

export type FlowValidation = { ok: true; document: FlowDocument } | { ok: false; problems: FlowProblem[] };

export function validateFlow(input: unknown): FlowValidation {
  const parsed = flowDocumentSchema.safeParse(input, { error: friendlyMessage });
  if (!parsed.success) return { ok: false, problems: parsed.error.issues.map((issue) => schemaProblem(input, issue)) };
  const problems = [...graphProblems(parsed.data), ...nodeProblems(parsed.data)];
  return problems.length === 0 ? { ok: true, document: parsed.data } : { ok: false, problems };
}

/** An issue inside nodes[i] or edges[i] belongs to that item (by its id), with the path inside it. */
function schemaProblem(input: unknown, issue: z.core.$ZodIssue): FlowProblem {
  const [collection, index, ...inside] = issue.path;
  const id = (collection === 'nodes' || collection === 'edges') && typeof index === 'number' ? itemId(input, collection, index) : undefined;
  const path = formatPath(id === undefined ? issue.path : inside);
  const message = path === '' ? issue.message : `${path}: ${issue.message}`;
  const coded = { code: 'field' as const, params: fieldRule(issue), message };
  if (id === undefined) return { ...(path === '' ? {} : { path }), ...coded };
  return { [collection === 'nodes' ? 'nodeId' : 'edgeId']: id, ...(path === '' ? {} : { path }), ...coded };
}

/** Which rule of the schema a refused value breaks, for a `field` problem's words in another language. */
function fieldRule(issue: z.core.$ZodIssue): FlowProblemParams {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return { rule: 'required' };
      return { rule: issue.expected === 'int' ? 'wholeNumber' : issue.expected === 'number' ? 'number' : 'invalid' };
    case 'too_small':
      if (issue.origin === 'number') return Number(issue.minimum) === 0 && !issue.inclusive ? { rule: 'positive' } : { rule: 'atLeast', limit: Number(issue.minimum) };
      if (issue.origin === 'string') return Number(issue.minimum) <= 1 ? { rule: 'notEmpty' } : { rule: 'tooShort', limit: Number(issue.minimum) };
      return { rule: 'tooFew', limit: Number(issue.minimum) };
    case 'too_big':
      if (issue.origin === 'number') return { rule: 'atMost', limit: Number(issue.maximum) };
      if (issue.origin === 'string') return { rule: 'tooLong', limit: Number(issue.maximum) };
      return { rule: 'tooMany', limit: Number(issue.maximum) };
    case 'invalid_format':
      return { rule: issue.format === 'url' ? 'url' : issue.format === 'regex' ? 'identifier' : 'invalid' };
    case 'invalid_union':
      return { rule: 'kind' };
    default:
      return { rule: 'invalid' };
  }
}

/** ["rules", 0, "value"] → "rules[0].value". */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.map((key, i) => (typeof key === 'number' ? `[${key}]` : i === 0 ? String(key) : `.${String(key)}`)).join('');
}

function itemId(input: unknown, collection: 'nodes' | 'edges', index: number): string | undefined {
  const items: unknown = typeof input === 'object' && input !== null ? (input as Record<string, unknown>)[collection] : undefined;
  const item: unknown = Array.isArray(items) ? items[index] : undefined;
  const id: unknown = typeof item === 'object' && item !== null ? (item as Record<string, unknown>).id : undefined;
  return typeof id === 'string' && id !== '' ? id : undefined;
}

/**
 * Plain messages for the schema's built-in checks (its own messages, like "must not be empty", win).
 * Undefined keeps zod's message.
 */
function friendlyMessage(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'is required';
      return issue.expected === 'int' ? 'must be a whole number' : `must be ${article(issue.expected)}`;
    case 'too_small':
      if (issue.origin === 'number') return Number(issue.minimum) === 0 && !issue.inclusive ? 'must be a positive number' : `must be at least ${issue.minimum}`;
      if (issue.origin === 'string') return Number(issue.minimum) <= 1 ? englishErrorText('field.notEmpty') : `must be at least ${issue.minimum} characters`;
      return `needs at least ${issue.minimum}`;
    case 'too_big':
      return issue.origin === 'number' ? `must be at most ${issue.maximum}` : `must have at most ${issue.maximum}`;
    case 'invalid_value':
      return `must be ${issue.values.map((value) => JSON.stringify(value)).join(' or ')}`;
    case 'invalid_union':
      return 'discriminator' in issue && issue.discriminator === 'kind' ? `${JSON.stringify(kindOf(issue.input))} is not a node kind: use one the editor offers` : undefined;
    default:
      return undefined;
  }
}

function kindOf(input: unknown): unknown {
  return typeof input === 'object' && input !== null ? (input as Record<string, unknown>).kind : input;
}

function article(expected: string): string {
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}
