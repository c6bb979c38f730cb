import { createHash } from 'node:crypto';
import { percentile } from './percentiles';

const ROUNDS = 5;
const ITEMS_PER_ROUND = 20_000;

/**
 * A fixed workload on one core (JSON out and in, a SHA-256 per item), timed where a bench starts
 * and where it ends. This development machine's speed changes from day to day and hour to hour (the
 * same code has taken 113 to 185 ms of CPU per new dialog), so a figure compares with another only
 * beside their references: wall time (slower when other work takes the cores) and CPU time (slower
 * on a slower core).
 */
export function machineReference(): string {
  const document = { id: 0, text: 'Hello! Is the blue one still in stock?'.repeat(5), items: Array.from({ length: 20 }, (_, i) => ({ i, name: `item ${i}` })) };
  const wall: number[] = [];
  const cpu: number[] = [];
  let digest = '';
  for (let round = 0; round < ROUNDS; round++) {
    const startedAt = performance.now();
    const cpuFrom = process.cpuUsage();
    for (let id = 0; id < ITEMS_PER_ROUND; id++) {
      const json = JSON.stringify({ ...document, id });
      digest = createHash('sha256').update(json).update(digest).digest('hex');
      JSON.parse(json);
    }
    const used = process.cpuUsage(cpuFrom);
    wall.push(performance.now() - startedAt);
    cpu.push((used.user + used.system) / 1000);
  }
  return `machine reference (a fixed one-core workload; lower is faster): median ${percentile(wall, 50).toFixed(0)} ms wall, ${percentile(cpu, 50).toFixed(0)} ms CPU, of ${ROUNDS} rounds`;
}
