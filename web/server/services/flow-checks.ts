import type { z } from 'zod';
import { AppError } from '../../../domain/errors';
import { flowDocumentSchema, type FlowDocument, type FlowNode } from '../../../domain/flows/document';
import { formatPath, validateFlow, type FlowProblem } from '../../../domain/flows/validate';
import type { Database } from '../../../db/client';
import { findFlowStates } from '../../../db/queries/flows';
import { findLineNames } from '../../../db/queries/lines';
import { findUserNames } from '../../../db/queries/users';

export type { FlowProblem };

/** How many problems a refusal's message spells out; all of them travel in `details.problems`. */
const PROBLEMS_IN_MESSAGE = 3;

/**
 * The document as the schema reads it, or BAD_REQUEST naming the first problems by path and node:
 * `document.nodes[2].text: must not be empty (node "welcome")`. `root` names the input field.
 * The problems themselves (in `details`) are validateFlow's: on their node, with its wording.
 */
export function parseFlowDocument(input: unknown, root: string): FlowDocument {
  const parsed = flowDocumentSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  return refuseStructure(input, parsed.error.issues, root);
}

/** Schema problems of a document that does not parse (empty when it does). */
export function structuralProblems(input: unknown): FlowProblem[] {
  const validation = validateFlow(input);
  return validation.ok ? [] : validation.problems;
}

function refuseStructure(input: unknown, issues: readonly z.core.$ZodIssue[], root: string): never {
  // validateFlow parses the same input with the same schema, so its problems follow the issues one for one.
  const problems = structuralProblems(input);
  const lines = issues.map((issue, i) => {
    const problem = problems[i];
    const path = formatPath(issue.path);
    const where = problem?.nodeId ? ` (node "${problem.nodeId}")` : problem?.edgeId ? ` (edge "${problem.edgeId}")` : '';
    const prefix = problem?.path ? `${problem.path}: ` : '';
    const message = problem?.message.startsWith(prefix) ? problem.message.slice(prefix.length) : (problem?.message ?? issue.message);
    return `${root}${path === '' || path.startsWith('[') ? '' : '.'}${path}: ${message}${where}`;
  });
  throw refusal(lines, problems, root);
}

/** BAD_REQUEST whose message names the first few problems; all of them go along as `details.problems`. */
export function refusal(lines: string[], problems: FlowProblem[], field?: string, lead = ''): AppError {
  // Problem messages are sentences; joined, their full stops would read ".;".
  const shown = lines
    .slice(0, PROBLEMS_IN_MESSAGE)
    .map((line) => line.replace(/\.$/, ''))
    .join('; ');
  const more = lines.length > PROBLEMS_IN_MESSAGE ? `; and ${lines.length - PROBLEMS_IN_MESSAGE} more` : '';
  return new AppError('BAD_REQUEST', `${lead}${shown}${more}`, field, { problems });
}

/**
 * Everything that keeps a schema-valid document from being published: the graph rules
 * (validateFlow) and references to flows, lines and users that must exist.
 */
export async function problemsOf(db: Database, flowId: number, document: FlowDocument): Promise<FlowProblem[]> {
  const graph = validateFlow(document);
  return [...(graph.ok ? [] : graph.problems), ...(await referenceProblems(db, flowId, document))];
}

/** The message for a publish refusal's list: where the problem is, then what it is. */
export function describeProblem(problem: FlowProblem): string {
  if (problem.nodeId) return `node "${problem.nodeId}": ${problem.message}`;
  if (problem.edgeId) return `edge "${problem.edgeId}": ${problem.message}`;
  return problem.message;
}

async function referenceProblems(db: Database, flowId: number, document: FlowDocument): Promise<FlowProblem[]> {
  const nodes = document.nodes;
  const flowIds = nodes.flatMap((n) => (n.kind === 'jump_to_flow' || n.kind === 'run_bot' ? [n.flowId] : []));
  const lineIds = nodes.flatMap((n) => (n.kind === 'route_to_line' ? [n.lineId] : n.kind === 'handoff' && n.lineId !== null ? [n.lineId] : []));
  const userIds = nodes.flatMap((n) => (n.kind === 'transfer_to_user' || n.kind === 'route_to_operator' ? [n.userId] : []));
  const [flows, lines, users] = await Promise.all([findFlowStates(db, flowIds), findLineNames(db, lineIds), findUserNames(db, userIds)]);
  return nodes.flatMap((node) => {
    const problem = referenceProblem(node, { flowId, flows, lines, users });
    return problem ? [{ nodeId: node.id, ...problem }] : [];
  });
}

/** What is wrong with the flow, line or user a node names (null: nothing, or it names none). */
function referenceProblem(
  node: FlowNode,
  known: { flowId: number; flows: Awaited<ReturnType<typeof findFlowStates>>; lines: Map<number, string>; users: Map<string, string> },
): Omit<FlowProblem, 'nodeId'> | null {
  switch (node.kind) {
    case 'jump_to_flow':
    case 'run_bot': {
      const params = { flow: node.flowId };
      if (node.flowId === known.flowId) return { path: 'flowId', code: 'flowIsItself', params, message: 'This step leads back to this same flow: choose another flow.' };
      const target = known.flows.get(node.flowId);
      if (!target) return { path: 'flowId', code: 'flowMissing', params, message: `Flow #${node.flowId} does not exist (deleted?): choose another flow.` };
      if (target.kind !== 'bot') return { path: 'flowId', code: 'flowNotBot', params: { ...params, kind: target.kind }, message: `Flow #${node.flowId} is a ${target.kind} flow: choose a bot flow.` };
      if (target.publishedVersion === null) {
        return { path: 'flowId', code: 'flowUnpublished', params, message: `Flow #${node.flowId} has no published version: publish it first, or choose another flow.` };
      }
      return null;
    }
    case 'route_to_line':
      return known.lines.has(node.lineId)
        ? null
        : { path: 'lineId', code: 'lineMissing', params: { line: node.lineId }, message: `Line #${node.lineId} does not exist (deleted?): choose another line.` };
    case 'handoff':
      return node.lineId === null || known.lines.has(node.lineId)
        ? null
        : { path: 'lineId', code: 'lineMissing', params: { line: node.lineId }, message: `Line #${node.lineId} does not exist (deleted?): choose another line, or this dialog's line.` };
    case 'transfer_to_user':
    case 'route_to_operator':
      return known.users.has(node.userId) ? null : { path: 'userId', code: 'userMissing', params: { user: node.userId }, message: `User ${node.userId} does not exist: choose another user.` };
    default:
      return null;
  }
}
