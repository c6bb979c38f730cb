import { Connection } from '@temporalio/client';

/**
 * Polls a starting Temporal server until its frontend answers gRPC (Connection.connect calls
 * GetSystemInfo) and, if given, knows `namespace`. Gives up early when `exited` settles, because a
 * server that died will never answer.
 */
export async function waitUntilTemporalAnswers(
  address: string,
  options: { namespace?: string; timeoutMs: number; exited?: Promise<unknown> },
): Promise<void> {
  let processExited = false;
  void options.exited?.then(() => (processExited = true));
  const deadline = Date.now() + options.timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline && !processExited) {
    let connection: Connection | undefined;
    try {
      connection = await Connection.connect({ address, connectTimeout: 2_000 });
      if (options.namespace) {
        await connection.workflowService.describeNamespace({ namespace: options.namespace });
      }
      return;
    } catch (error) {
      lastError = error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    } finally {
      await connection?.close().catch(() => undefined);
    }
  }
  if (processExited) throw new Error(`Temporal server for ${address} exited while starting`);
  throw new Error(
    `Temporal server at ${address} did not answer within ${options.timeoutMs / 1000}s: ${String(lastError)}`,
  );
}
