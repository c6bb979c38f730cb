import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { benchServers } from './support/servers';

/**
 * `npm run bench:temporal-client` — what a Temporal client call costs the calling process, by
 * connection: the pure-JS gRPC `Connection` (the baseline) and the SDK's native (Rust)
 * `NativeConnection`, which the worker process now shares between polling and its client (the
 * line dispatchers' signals, the outbox sweeper's signal-with-start). Each round sends `--calls`
 * signals, 20 at a time, to workflows no worker runs (the server stores each signal all the
 * same); prints the process's CPU per call and the wall time for each connection, alternating
 * them for `--rounds` rounds, and the ratio native / grpc-js.
 */
const { values } = parseArgs({ options: { calls: { type: 'string', default: '600' }, rounds: { type: 'string', default: '3' } } });
const calls = Number(values.calls);
const rounds = Number(values.rounds);
const concurrency = 20;

const servers = await benchServers();
try {
  const cpuPerCall: Record<'grpc-js' | 'native', number[]> = { 'grpc-js': [], native: [] };
  for (let round = 1; round <= rounds; round++) {
    for (const kind of ['grpc-js', 'native'] as const) {
      const connection = kind === 'grpc-js' ? await Connection.connect({ address: servers.temporalAddress }) : await NativeConnection.connect({ address: servers.temporalAddress });
      try {
        const client = new Client({ connection });
        const handles = await Promise.all(
          Array.from({ length: concurrency }, () => client.workflow.start('benchSignalTarget', { taskQueue: `bench-nobody-${randomUUID()}`, workflowId: `bench-client-${randomUUID()}` })),
        );
        // One round trip each first: connection set-up and lazy initialisation are not counted.
        await Promise.all(handles.map((handle) => handle.signal('warmUp')));
        const cpuFrom = process.cpuUsage();
        const from = performance.now();
        for (let sent = 0; sent < calls; sent += concurrency) await Promise.all(handles.map((handle) => handle.signal('routingChanged', { round, sent })));
        const elapsed = performance.now() - from;
        const cpu = process.cpuUsage(cpuFrom);
        const perCall = (cpu.user + cpu.system) / 1000 / calls;
        cpuPerCall[kind].push(perCall);
        console.log(`round ${round}, ${kind.padEnd(7)}: ${calls} signals in ${elapsed.toFixed(0)} ms, client CPU ${perCall.toFixed(3)} ms per call`);
        await Promise.all(handles.map((handle) => handle.terminate('bench done')));
      } finally {
        await connection.close();
      }
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const [grpc, native] = [median(cpuPerCall['grpc-js']), median(cpuPerCall.native)];
  console.log(`median client CPU per call: grpc-js ${grpc.toFixed(3)} ms, native ${native.toFixed(3)} ms; native / grpc-js ${(native / grpc).toFixed(2)}×`);
} finally {
  await servers.stop();
}
