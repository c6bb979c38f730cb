import { spawnManaged, type ManagedChild } from './child-process';

/**
 * Runs a command to completion, printing each of its output lines behind `prefix`. `onStart`
 * receives the running child so a shutdown arriving meanwhile can stop it.
 */
export async function runInheritingOutput(
  prefix: string,
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; onStart?: (child: ManagedChild) => () => void } = {},
): Promise<void> {
  const child = spawnManaged(command, args, { cwd: options.cwd, env: options.env, outputPrefix: prefix });
  const forget = options.onStart?.(child);
  const { code, signal, error } = await child.exited;
  forget?.();
  if (error) throw new Error(`${command} could not be started: ${error.message}`);
  if (code !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (exit code ${code}${signal ? `, signal ${signal}` : ''})`);
  }
}
