import { readdir, readFile } from 'node:fs/promises';

/** What the benches read of a process from /proc/<pid>/stat (Linux); times in seconds. */
export interface ProcStat {
  pid: number;
  /** R, S, D, Z (zombie) … */
  state: string;
  parent: number;
  processGroup: number;
  /** CPU the process itself has used, user + system. */
  cpuSeconds: number;
  /** CPU its children used that it has waited for (PostgreSQL's finished backends, a launcher's exited child). */
  reapedChildrenCpuSeconds: number;
}

/** Clock ticks per second of the times in /proc/<pid>/stat: 100 on Linux (USER_HZ). */
const TICKS_PER_SECOND = 100;

/** The stat of a live process; undefined when it is gone. */
export async function readProcStat(pid: number): Promise<ProcStat | undefined> {
  const text = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  // pid (comm) state ppid pgrp …: comm may hold spaces, so the fields are read after its closing parenthesis
  // (field 3 onwards: utime, stime, cutime, cstime are fields 14–17).
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const seconds = (index: number) => Number(fields[index]) / TICKS_PER_SECOND;
  return {
    pid,
    state: fields[0]!,
    parent: Number(fields[1]),
    processGroup: Number(fields[2]),
    cpuSeconds: seconds(11) + seconds(12),
    reapedChildrenCpuSeconds: seconds(13) + seconds(14),
  };
}

/** Every process there is now (zombies too). */
export async function allProcesses(): Promise<ProcStat[]> {
  const stats: ProcStat[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readProcStat(Number(entry));
    if (stat) stats.push(stat);
  }
  return stats;
}

/** Every process (zombies too) of process group `group`. */
export async function processGroupMembers(group: number): Promise<ProcStat[]> {
  return (await allProcesses()).filter((stat) => stat.processGroup === group);
}

/**
 * CPU seconds used so far by a process and its descendants in `stats` (one reading of
 * `allProcesses`; a server with its workers: PostgreSQL's backends, which leave the postmaster's
 * process group; a launcher and the node process it runs): each live one's own time and that of
 * the children it has reaped. A descendant that exited and was reaped outside the tree (an orphan)
 * is not counted.
 */
export function processTreeCpuSeconds(stats: readonly ProcStat[], root: number): number {
  const children = new Map<number, ProcStat[]>();
  for (const stat of stats) {
    const siblings = children.get(stat.parent);
    if (siblings) siblings.push(stat);
    else children.set(stat.parent, [stat]);
  }
  let seconds = 0;
  const pending = stats.filter((stat) => stat.pid === root);
  for (let stat = pending.pop(); stat; stat = pending.pop()) {
    seconds += stat.cpuSeconds + stat.reapedChildrenCpuSeconds;
    pending.push(...(children.get(stat.pid) ?? []));
  }
  return seconds;
}
