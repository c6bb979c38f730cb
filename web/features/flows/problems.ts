import { TRPCClientError } from '@trpc/client';
import { flowDocumentSchema, type FlowDocument } from '../../../domain/flows/document';
import { validateFlow, type FlowProblem } from '../../../domain/flows/validate';
import { graphProblems } from '../../../domain/flows/validate-graph';
import { nodeProblems } from '../../../domain/flows/validate-nodes';
import { englishMessages } from '../../i18n/messages';
import { englishFlows, handleTitle, kindTitle, templateRef, type FlowsTranslator } from './node-kinds';

export type { FlowProblem };

/**
 * Everything wrong with a draft, while it is edited. `validateFlow` stops at the schema when a
 * field is invalid; the editor also shows the graph's problems then, so that finishing one node's
 * text does not reveal a second round of problems elsewhere.
 */
export function draftProblems(document: FlowDocument): FlowProblem[] {
  const result = validateFlow(document);
  if (result.ok) return [];
  if (flowDocumentSchema.safeParse(document).success) return result.problems;
  return [...result.problems, ...graphProblems(document), ...nodeProblems(document)];
}

/** The server checks what the browser cannot (lines, users and flows that must exist). */
export interface ServerCheck {
  document: FlowDocument;
  problems: FlowProblem[];
}

/**
 * The problems to show: the browser's own for the current draft, plus the server's from its last
 * check that still apply — those of nodes the admin has not changed since.
 */
export function currentProblems(document: FlowDocument, local: FlowProblem[], server: ServerCheck | null): FlowProblem[] {
  if (!server) return local;
  if (server.document === document) return dedupe([...local, ...server.problems]);
  const checkedNodes = new Map(server.document.nodes.map((node) => [node.id, node]));
  const unchanged = new Set(document.nodes.filter((node) => checkedNodes.get(node.id) === node).map((node) => node.id));
  return dedupe([...local, ...server.problems.filter((problem) => problem.nodeId !== undefined && unchanged.has(problem.nodeId))]);
}

function dedupe(problems: FlowProblem[]): FlowProblem[] {
  const seen = new Set<string>();
  return problems.filter((problem) => {
    const key = `${problem.nodeId ?? ''}\u0000${problem.edgeId ?? ''}\u0000${problem.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function problemsByNode(problems: readonly FlowProblem[], document: FlowDocument, t: FlowsTranslator = englishFlows): Map<string, string[]> {
  const edgeSources = new Map(document.edges.map((edge) => [edge.id, edge.source]));
  const byNode = new Map<string, string[]>();
  for (const problem of problems) {
    // An edge's problem shows on the node it leaves from: edges are hard to point at.
    const nodeId = problem.nodeId ?? (problem.edgeId ? edgeSources.get(problem.edgeId) : undefined);
    if (nodeId === undefined) continue;
    byNode.set(nodeId, [...(byNode.get(nodeId) ?? []), problemText(problem, t)]);
  }
  return byNode;
}

/** Problems a refused save, publish or rollback sent along (`details.problems`), if any. */
export function problemsOfError(error: unknown): FlowProblem[] | null {
  if (!(error instanceof TRPCClientError)) return null;
  const details = (error.data as { details?: { problems?: unknown } | null } | undefined)?.details;
  return Array.isArray(details?.problems) ? (details.problems as FlowProblem[]) : null;
}

/** The message for a field, without the path that prefixes schema messages ("text: must not be empty"). */
export function fieldMessage(problem: FlowProblem, t: FlowsTranslator = englishFlows): string {
  return problemText(problem, t, { atField: true });
}

const quoted = (ids: string, t: FlowsTranslator, separator: string) =>
  ids
    .split(',')
    .filter(Boolean)
    .map((id) => t('problems.quoted', { text: id }))
    .join(separator);

/**
 * A problem in the admin's language, by its code (domain/flows/validate.ts): the domain's English
 * `message` is for the API. `atField`: shown at its field, so without the field's path in front.
 * A problem without a code we know (an older server) keeps its message.
 */
export function problemText(problem: FlowProblem, t: FlowsTranslator = englishFlows, { atField = false }: { atField?: boolean } = {}): string {
  const text = codedText(problem, t);
  if (text === null) return atField && problem.path && problem.message.startsWith(`${problem.path}: `) ? problem.message.slice(problem.path.length + 2) : problem.message;
  // The schema's and the templates' problems name their field in front, as the API's message does.
  const prefixed = problem.path !== undefined && problem.message.startsWith(`${problem.path}: `);
  return prefixed && !atField ? t('problems.atField', { path: problem.path ?? '', problem: text }) : text;
}

function codedText(problem: FlowProblem, t: FlowsTranslator): string | null {
  const params = problem.params ?? {};
  const text = (key: string) => String(params[key] ?? '');
  const number = (key: string) => Number(params[key] ?? 0);
  switch (problem.code) {
    case 'field': {
      const rule = text('rule');
      return rule in englishMessages.flows.problems.fieldRules ? t(`problems.fieldRules.${rule as 'invalid'}`, { limit: text('limit') }) : t('problems.fieldRules.invalid');
    }
    case 'noStart':
    case 'extraStart':
    case 'unreachable':
    case 'choicesMissing':
    case 'flowIsItself':
      return t(`problems.codes.${problem.code}`);
    case 'startIsTarget':
      return t('problems.codes.startIsTarget', { edge: text('edge'), source: text('source') });
    case 'duplicateNodeId':
    case 'duplicateEdgeId':
      return t(`problems.codes.${problem.code}`, { id: text('id'), count: number('count') });
    case 'edgeFromMissing':
      return t('problems.codes.edgeFromMissing', { source: text('source') });
    case 'edgeToMissing':
      return t('problems.codes.edgeToMissing', { target: text('target') });
    case 'noSuchOutput': {
      const outputs = text('handles').split(',').filter(Boolean);
      const handle = text('handle');
      if (outputs.length === 0) return t('problems.codes.noOutputs', { handle });
      return t('problems.codes.noSuchOutput', { handle, outputs: outputs.map((output) => t('problems.quoted', { text: handleTitle(output, t) })).join(', ') });
    }
    case 'branchNotConnected':
      return t('problems.codes.branchNotConnected', { branch: handleTitle(text('branch'), t) });
    case 'branchManyConnections':
      return t('problems.codes.branchManyConnections', { branch: handleTitle(text('branch'), t), count: number('count'), edges: quoted(text('edges'), t, ', ') });
    case 'loopWithoutWait':
      return t('problems.codes.loopWithoutWait', { cycle: quoted(text('cycle'), t, ' → ') });
    case 'variableDeclaredTwice':
      return t('problems.codes.variableDeclaredTwice', { name: text('name') });
    case 'kindNotInFlow': {
      const kind = (key: string) => (text(key) === 'bot' || text(key) === 'routing' ? t(`kinds.${text(key) as 'bot' | 'routing'}`) : text(key));
      const step = text('stepKind');
      return t('problems.codes.kindNotInFlow', { flowKind: kind('flowKind'), owner: kind('ownerKind'), step: step in englishMessages.flows.nodeKinds ? kindTitle(step as 'start', t) : step });
    }
    case 'notAContactField':
      return t('problems.codes.notAContactField', { reference: templateRef(text('reference')), fields: text('fields') });
    case 'variableNeverSet':
      return t('problems.codes.variableNeverSet', { reference: templateRef(text('reference')), name: text('reference') });
    case 'ruleVariableNeverSet':
      return t('problems.codes.ruleVariableNeverSet', { rule: text('rule'), variable: text('variable') });
    case 'rulePattern':
      return t('problems.codes.rulePattern', { rule: text('rule'), reason: text('reason') });
    case 'flowMissing':
    case 'flowUnpublished':
      return t(`problems.codes.${problem.code}`, { flow: text('flow') });
    case 'flowNotBot':
      return t('problems.codes.flowNotBot', { flow: text('flow'), kind: text('kind') === 'routing' ? t('kinds.routing') : t('kinds.bot') });
    case 'lineMissing':
      return t('problems.codes.lineMissing', { line: text('line') });
    case 'userMissing':
      return t('problems.codes.userMissing', { user: text('user') });
    default:
      return null;
  }
}
