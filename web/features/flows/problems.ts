import { TRPCClientError } from '@trpc/client';
import { flowDocumentSchema, type FlowDocument } from '../../../domain/flows/document';
import { validateFlow, type FlowProblem } from '../../../domain/flows/validate';
import { graphProblems } from '../../../domain/flows/validate-graph';
import { nodeProblems } from '../../../domain/flows/validate-nodes';

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

export function problemsByNode(problems: readonly FlowProblem[], document: FlowDocument): Map<string, string[]> {
  const edgeSources = new Map(document.edges.map((edge) => [edge.id, edge.source]));
  const byNode = new Map<string, string[]>();
  for (const problem of problems) {
    // An edge's problem shows on the node it leaves from: edges are hard to point at.
    const nodeId = problem.nodeId ?? (problem.edgeId ? edgeSources.get(problem.edgeId) : undefined);
    if (nodeId === undefined) continue;
    byNode.set(nodeId, [...(byNode.get(nodeId) ?? []), problem.message]);
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
export function fieldMessage(problem: FlowProblem): string {
  return problem.path && problem.message.startsWith(`${problem.path}: `) ? problem.message.slice(problem.path.length + 2) : problem.message;
}
