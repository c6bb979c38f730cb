import { spawn } from 'node:child_process';
import { formatSeconds, logStep } from './log';

export class BuildCommandError extends Error {
  constructor(
    message: string,
    readonly output: string,
  ) {
    super(message);
    this.name = 'BuildCommandError';
  }
}

const HEARTBEAT_MS = 15_000;
const KEPT_OUTPUT_CHARS = 20_000;

/**
 * Runs a long build command quietly but visibly: every 15 s it prints a heartbeat with the elapsed
 * time and the command's latest output line, so a first-time build of several minutes does not look
 * hung. The output is kept and attached to the error when the command fails.
 */
export async function runBuildCommand(
  tag: string,
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<string> {
  const startedAt = Date.now();
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let lastLine = '';
  const collect = (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    output = (output + text).slice(-KEPT_OUTPUT_CHARS);
    const lines = text.split('\n').map((line) => line.trim()).filter(Boolean);
    lastLine = lines.at(-1) ?? lastLine;
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const heartbeat = setInterval(() => {
    const latest = lastLine ? ` — ${lastLine.slice(0, 120)}` : '';
    logStep(tag, `still working (${formatSeconds(Date.now() - startedAt)})${latest}`);
  }, HEARTBEAT_MS);
  try {
    const exitCode = await new Promise<number | null>((resolve, reject) => {
      child.once('error', reject);
      child.once('close', (code) => resolve(code));
    });
    if (exitCode !== 0) {
      throw new BuildCommandError(
        `${command} ${args.join(' ')} failed with exit code ${exitCode}:\n${output.slice(-4000)}`,
        output,
      );
    }
    return output;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new BuildCommandError(`${command} is not installed (not found on PATH)`, '');
    }
    throw error;
  } finally {
    clearInterval(heartbeat);
  }
}
