import { availableParallelism } from 'node:os';
import { allProcesses, processTreeCpuSeconds } from './proc-stat';

/** A reading: CPU seconds used so far by each part of the stack, and when it was taken. */
export interface CpuReading {
  at: number;
  seconds: Map<string, number>;
}

/**
 * What each process of a bench's stack spent on the CPU in a phase: the servers it started, each
 * with its descendants (label → the server's pid; an external server, with no pid here, is left
 * out), and the bench's own process (`self`). Linux only (/proc); elsewhere it reports nothing.
 */
export class CpuMeter {
  /** `self`: what the bench's own process does (the load's clients share the machine with the product). */
  constructor(
    private readonly roots: Record<string, number | undefined>,
    private readonly self = 'bench clients',
  ) {}

  async read(): Promise<CpuReading> {
    const seconds = new Map<string, number>();
    if (process.platform !== 'linux') return { at: performance.now(), seconds };
    // One pass over /proc serves every part.
    const stats = await allProcesses();
    for (const [label, root] of Object.entries(this.roots)) {
      if (root !== undefined) seconds.set(label, processTreeCpuSeconds(stats, root));
    }
    const self = process.cpuUsage();
    seconds.set(this.self, (self.user + self.system) / 1e6);
    return { at: performance.now(), seconds };
  }
}

/**
 * One line per phase: each part's CPU seconds, its share of a core over the phase, and its CPU per
 * item (message, dialog), then the whole stack's share of the machine's cores.
 */
export function describeCpu(phase: string, before: CpuReading, after: CpuReading, items: { count: number; unit: string }): string {
  if (after.seconds.size === 0) return `CPU by process, ${phase}: not measured (no /proc here)`;
  const wall = (after.at - before.at) / 1000;
  const perItem = (used: number) => (items.count > 0 ? `, ${((used * 1000) / items.count).toFixed(1)} ms per ${items.unit}` : '');
  const line = (label: string, used: number, cores: string) => `  ${label.padEnd(20)} ${used.toFixed(1).padStart(6)} s  ${cores}${perItem(used)}`;
  const used = [...after.seconds].map(([label, end]) => [label, end - (before.seconds.get(label) ?? 0)] as const);
  const total = used.reduce((sum, [, seconds]) => sum + seconds, 0);
  return [
    `CPU by process, ${phase} (${wall.toFixed(1)} s, ${items.count} ${items.unit}s):`,
    ...used.map(([label, seconds]) => line(label, seconds, `${(seconds / wall).toFixed(2)} cores`)),
    line('all', total, `${(total / wall).toFixed(2)} of ${availableParallelism()} cores`),
  ].join('\n');
}
