import { TestWorkflowEnvironment } from '@temporalio/testing';
import { spawnManaged } from './child-process';
import { findFreePort } from './free-port';
import { waitUntilTemporalAnswers } from './temporal-ready';

/**
 * A time-skipping environment backed by its own Java test server (time skipping is global to a
 * server, so environments must not share one). `teardown()` also stops the server.
 *
 * We start the JVM ourselves instead of letting the SDK do it: the SDK gives the server 5 s to
 * answer and, when a cold JVM on a busy 2-core machine needs longer, fails and leaves the JVM
 * running. Here the server gets a minute, and is always stopped.
 */
export async function startTimeSkippingEnvironment(serverPath: string): Promise<TestWorkflowEnvironment> {
  const address = `127.0.0.1:${await findFreePort()}`;
  const recentOutput: string[] = [];
  const server = spawnManaged(serverPath, [address.split(':')[1] ?? ''], {
    onOutputLine: (line) => recentOutput.push(line),
  });
  try {
    await waitUntilTemporalAnswers(address, { timeoutMs: 60_000, exited: server.exited });
    const env = await connectTimeSkippingEnvironment(address);
    const closeConnections = env.teardown.bind(env);
    env.teardown = async () => {
      await closeConnections();
      await server.stop(5_000);
    };
    return env;
  } catch (error) {
    await server.stop(2_000);
    const output = recentOutput.length ? `\n--- test server output ---\n${recentOutput.join('\n')}` : '';
    throw new Error(`could not start the Temporal time-skipping test server: ${String(error)}${output}`, {
      cause: error,
    });
  }
}

type CreateEnvironment = (options: {
  server: { type: 'existing' };
  address: string;
  namespace: string;
  supportsTimeSkipping: boolean;
}) => Promise<TestWorkflowEnvironment>;

/**
 * The SDK's public `createFromExistingServer` always turns time skipping off, so we call the
 * private factory that `createTimeSkipping` itself uses, with our already-running server.
 */
async function connectTimeSkippingEnvironment(address: string): Promise<TestWorkflowEnvironment> {
  const create = (TestWorkflowEnvironment as unknown as { create?: CreateEnvironment }).create;
  if (typeof create !== 'function') {
    throw new Error('@temporalio/testing no longer has TestWorkflowEnvironment.create; update scripts/support/time-skipping-server.ts');
  }
  return create.call(TestWorkflowEnvironment, {
    server: { type: 'existing' },
    address,
    namespace: 'default',
    supportsTimeSkipping: true,
  });
}
