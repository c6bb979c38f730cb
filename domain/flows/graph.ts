/** Graph walks over a flow's connections (source → target ids). */

interface Link {
  source: string;
  target: string;
}

export function successorsOf(links: readonly Link[]): Map<string, string[]> {
  const successors = new Map<string, string[]>();
  for (const { source, target } of links) successors.set(source, [...(successors.get(source) ?? []), target]);
  return successors;
}

/** Every node reachable from `start` (itself included). */
export function reachableFrom(start: string, links: readonly Link[]): Set<string> {
  const successors = successorsOf(links);
  const reached = new Set([start]);
  const queue = [start];
  for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
    for (const next of successors.get(id) ?? []) {
      if (!reached.has(next)) {
        reached.add(next);
        queue.push(next);
      }
    }
  }
  return reached;
}

/**
 * Every node that lies on a cycle, each with the shortest cycle through it, written from the node
 * back to itself: { nodeId: "a", cycle: ["a", "b", "a"] }. Nodes come in the order of `links`.
 */
export function findLoops(links: readonly Link[]): { nodeId: string; cycle: string[] }[] {
  const successors = successorsOf(links);
  const nodes = [...new Set(links.flatMap(({ source, target }) => [source, target]))];
  return nodes.flatMap((nodeId) => {
    const cycle = shortestCycle(nodeId, successors);
    return cycle === null ? [] : [{ nodeId, cycle }];
  });
}

/** Breadth-first from `start` until an edge leads back to it. */
function shortestCycle(start: string, successors: ReadonlyMap<string, string[]>): string[] | null {
  const cameFrom = new Map<string, string>();
  const queue = [start];
  for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
    for (const next of successors.get(id) ?? []) {
      if (next === start) return [...pathTo(id, start, cameFrom), start];
      if (!cameFrom.has(next)) {
        cameFrom.set(next, id);
        queue.push(next);
      }
    }
  }
  return null;
}

function pathTo(id: string, start: string, cameFrom: ReadonlyMap<string, string>): string[] {
  const path = [id];
  for (let current = id; current !== start; ) {
    current = cameFrom.get(current) ?? start;
    path.unshift(current);
  }
  return path;
}
