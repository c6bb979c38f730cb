import { z } from 'zod';
import { distributionModeSchema } from '../line-settings';
import { englishErrorText } from '../error-messages';

/**
 * A flow (SPEC §6): a graph an admin draws — a bot scenario that talks to the client, or a routing
 * scenario that decides where a new dialog goes. Stored as this versioned JSON document; older
 * versions read back from storage pass through `migrateFlow()` first. Nodes are a discriminated
 * union on `kind`; an edge leaves a node by one of its named output handles (`outputHandles()`).
 */
export const FLOW_SCHEMA_VERSION = 2;

export const FLOW_LIMITS = { nodes: 500, edges: 2000, variables: 100, text: 4000 } as const;

const text = (max: number = FLOW_LIMITS.text) => z.string().max(max, englishErrorText('field.maxChars', { max: String(max) }));
const requiredText = (max: number = FLOW_LIMITS.text) => text(max).trim().min(1, englishErrorText('field.notEmpty'));
/** A variable name as templates use it: {{name}}. */
export const variableNameSchema = z
  .string()
  .regex(/^[a-zA-Z_][a-zA-Z0-9_]{0,39}$/, 'must start with a letter or _ and contain only letters, digits and _ (at most 40)');

const position = z.object({ x: z.number().finite(), y: z.number().finite() });
const base = { id: z.string().min(1).max(64), position, label: text(120).optional() };

const buttonSchema = z.object({ id: z.string().min(1).max(64), label: requiredText(80) });
const attachmentSchema = z.object({ url: z.url('must be a URL such as https://example.com/file.pdf'), name: requiredText(200) });

// ---- conditions (bot and routing) ----

export const conditionSubjectSchema = z.discriminatedUnion('source', [
  z.object({ source: z.literal('variable'), key: variableNameSchema }),
  z.object({ source: z.literal('contact'), key: z.enum(['name', 'email', 'phone']) }),
  z.object({ source: z.literal('channel') }),
  /** Local time of day "HH:MM" in the line's time zone. */
  z.object({ source: z.literal('time') }),
  z.object({ source: z.literal('working_hours') }),
  /** The client's last message (keywords). */
  z.object({ source: z.literal('message') }),
  z.object({ source: z.literal('contact_known') }),
  z.object({ source: z.literal('has_responsible') }),
  z.object({ source: z.literal('tag'), key: requiredText(60) }),
  z.object({ source: z.literal('language') }),
]);
export type ConditionSubject = z.infer<typeof conditionSubjectSchema>;

export const conditionOperatorSchema = z.enum(['equals', 'not_equals', 'contains', 'regex', 'is_set', 'not_set', 'greater', 'less']);
export type ConditionOperator = z.infer<typeof conditionOperatorSchema>;

export const conditionRuleSchema = z.object({
  subject: conditionSubjectSchema,
  operator: conditionOperatorSchema,
  /** Compared value (a template); unused by is_set / not_set and by the yes/no subjects. */
  value: text(500).default(''),
});
export type ConditionRule = z.infer<typeof conditionRuleSchema>;

// ---- nodes ----

export const startNodeSchema = z.object({ ...base, kind: z.literal('start') });

export const sendMessageNodeSchema = z.object({
  ...base,
  kind: z.literal('send_message'),
  text: requiredText(),
  buttons: z.array(buttonSchema).max(10).default([]),
  attachments: z.array(attachmentSchema).max(10).default([]),
});

export const askAnswerKindSchema = z.enum(['text', 'choice', 'email', 'phone', 'number', 'date']);
export type AskAnswerKind = z.infer<typeof askAnswerKindSchema>;

export const askNodeSchema = z.object({
  ...base,
  kind: z.literal('ask'),
  text: requiredText(),
  answer: askAnswerKindSchema,
  /** For `choice`: the buttons offered; the answer stored is the chosen label. */
  choices: z.array(buttonSchema).max(10).default([]),
  variable: variableNameSchema,
  retryText: requiredText().default('Sorry, I did not understand. Please try again.'),
  /** Wrong answers allowed before the `invalid` branch. */
  maxRetries: z.number().int().min(0).max(10).default(2),
  /** No answer within this time takes the `timeout` branch; null waits for ever. */
  timeoutMinutes: z.number().int().min(1).max(60 * 24 * 7).nullable().default(null),
});

export const conditionNodeSchema = z.object({
  ...base,
  kind: z.literal('condition'),
  match: z.enum(['all', 'any']).default('all'),
  rules: z.array(conditionRuleSchema).min(1, 'needs at least one rule').max(20),
});

export const setVariableNodeSchema = z.object({
  ...base,
  kind: z.literal('set_variable'),
  target: z.discriminatedUnion('scope', [
    z.object({ scope: z.literal('variable'), key: variableNameSchema }),
    z.object({ scope: z.literal('contact'), key: z.enum(['name', 'email', 'phone']) }),
  ]),
  /** A template: {{variable}}, {{contact.name}}… */
  value: text(1000),
});

export const httpRequestNodeSchema = z.object({
  ...base,
  kind: z.literal('http_request'),
  method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']).default('GET'),
  /** A template that must give an http(s) URL. */
  url: requiredText(2000),
  headers: z.array(z.object({ name: requiredText(100), value: text(1000) })).max(20).default([]),
  body: text(10_000).default(''),
  timeoutSeconds: z.number().int().min(1).max(60).default(10),
  /**
   * Repeating the request is safe (the service ignores duplicates): a POST, PUT, PATCH or DELETE
   * that fails is then retried like a GET; otherwise it is made once. Documents saved before it read as false.
   */
  idempotent: z.boolean().default(false),
  /** JSON paths (a.b.0.c) in the response body, copied into variables. */
  responseFields: z.array(z.object({ path: requiredText(200), variable: variableNameSchema })).max(20).default([]),
});

export const waitNodeSchema = z.object({
  ...base,
  kind: z.literal('wait'),
  mode: z.enum(['delay', 'reply']),
  /** delay: how long; reply: how long to wait for the client before the `timeout` branch. */
  minutes: z.number().int().min(1).max(60 * 24 * 30),
});

export const handoffNodeSchema = z.object({
  ...base,
  kind: z.literal('handoff'),
  /** null: this dialog's line. */
  lineId: z.number().int().positive().nullable().default(null),
});

export const transferToUserNodeSchema = z.object({ ...base, kind: z.literal('transfer_to_user'), userId: requiredText(64) });
export const createLeadNodeSchema = z.object({ ...base, kind: z.literal('create_lead'), title: requiredText(200).default('Lead from {{contact.name}}') });
export const closeDialogNodeSchema = z.object({ ...base, kind: z.literal('close_dialog') });
export const jumpToFlowNodeSchema = z.object({ ...base, kind: z.literal('jump_to_flow'), flowId: z.number().int().positive() });

// Routing actions.
export const routeToLineNodeSchema = z.object({
  ...base,
  kind: z.literal('route_to_line'),
  lineId: z.number().int().positive(),
  /** Overrides the target line's distribution mode for this dialog. */
  mode: distributionModeSchema.nullable().default(null),
});
export const routeToResponsibleNodeSchema = z.object({ ...base, kind: z.literal('route_to_responsible') });
export const routeToOperatorNodeSchema = z.object({ ...base, kind: z.literal('route_to_operator'), userId: requiredText(64) });
export const runBotNodeSchema = z.object({ ...base, kind: z.literal('run_bot'), flowId: z.number().int().positive() });
export const setPriorityNodeSchema = z.object({ ...base, kind: z.literal('set_priority'), priority: z.number().int().min(0).max(100) });
export const setTagNodeSchema = z.object({ ...base, kind: z.literal('set_tag'), tag: requiredText(60) });

export const flowNodeSchema = z.discriminatedUnion('kind', [
  startNodeSchema,
  sendMessageNodeSchema,
  askNodeSchema,
  conditionNodeSchema,
  setVariableNodeSchema,
  httpRequestNodeSchema,
  waitNodeSchema,
  handoffNodeSchema,
  transferToUserNodeSchema,
  createLeadNodeSchema,
  closeDialogNodeSchema,
  jumpToFlowNodeSchema,
  routeToLineNodeSchema,
  routeToResponsibleNodeSchema,
  routeToOperatorNodeSchema,
  runBotNodeSchema,
  setPriorityNodeSchema,
  setTagNodeSchema,
]);
export type FlowNode = z.infer<typeof flowNodeSchema>;
export type FlowNodeKind = FlowNode['kind'];
export type FlowNodeOf<K extends FlowNodeKind> = Extract<FlowNode, { kind: K }>;

export const flowEdgeSchema = z.object({
  id: z.string().min(1).max(64),
  source: z.string().min(1),
  /** Which output of the source node: see outputHandles(). */
  sourceHandle: z.string().min(1).max(64),
  target: z.string().min(1),
});
export type FlowEdge = z.infer<typeof flowEdgeSchema>;

export const flowKindSchema = z.enum(['bot', 'routing']);
export type FlowKind = z.infer<typeof flowKindSchema>;

export const flowDocumentSchema = z.object({
  schemaVersion: z.literal(FLOW_SCHEMA_VERSION),
  kind: flowKindSchema,
  nodes: z.array(flowNodeSchema).max(FLOW_LIMITS.nodes, `a flow may have at most ${FLOW_LIMITS.nodes} nodes`),
  edges: z.array(flowEdgeSchema).max(FLOW_LIMITS.edges, `a flow may have at most ${FLOW_LIMITS.edges} edges`),
  variables: z
    .array(z.object({ name: variableNameSchema, description: text(200).default('') }))
    .max(FLOW_LIMITS.variables)
    .default([]),
});
export type FlowDocument = z.infer<typeof flowDocumentSchema>;
export type FlowDocumentInput = z.input<typeof flowDocumentSchema>;

/** Which node kinds each kind of flow may use (SPEC §6). */
const shared = ['start', 'send_message', 'condition', 'set_variable'] as const;
export const nodeKindsOf: Record<FlowKind, readonly FlowNodeKind[]> = {
  bot: [...shared, 'ask', 'http_request', 'wait', 'handoff', 'transfer_to_user', 'create_lead', 'close_dialog', 'jump_to_flow'],
  routing: [...shared, 'route_to_line', 'route_to_responsible', 'route_to_operator', 'run_bot', 'set_priority', 'set_tag'],
};

/**
 * The named outputs a node's edges leave from. Terminal nodes have none: the flow ends there
 * (hand-off, transfer, close, route…).
 */
export function outputHandles(node: FlowNode): readonly string[] {
  switch (node.kind) {
    case 'start':
    case 'send_message':
    case 'set_variable':
    case 'create_lead':
    case 'set_priority':
    case 'set_tag':
      return ['next'];
    case 'ask':
      return node.timeoutMinutes === null ? ['next', 'invalid'] : ['next', 'invalid', 'timeout'];
    case 'condition':
      return ['true', 'false'];
    case 'http_request':
      return ['success', 'failure'];
    case 'wait':
      return node.mode === 'delay' ? ['next'] : ['replied', 'timeout'];
    case 'route_to_responsible':
      // No responsible user (or unavailable under the availability check): the fallback path.
      return ['fallback'];
    case 'handoff':
    case 'transfer_to_user':
    case 'close_dialog':
    case 'jump_to_flow':
    case 'route_to_line':
    case 'route_to_operator':
    case 'run_bot':
      return [];
    default:
      return assertNever(node);
  }
}

/** Human labels for the editor's handles. */
export const handleLabels: Record<string, string> = {
  next: 'Next',
  invalid: 'Invalid answer',
  timeout: 'Timeout',
  true: 'Yes',
  false: 'No',
  success: 'Success',
  failure: 'Failure',
  replied: 'Replied',
  fallback: 'No responsible',
};

export function assertNever(value: never): never {
  throw new Error(`unexpected value: ${JSON.stringify(value)}`);
}
