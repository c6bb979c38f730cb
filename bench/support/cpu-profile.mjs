// Preloaded with `--import` (NODE_OPTIONS, set by `npm run bench -- --cpu-prof DIR`): Node 20 does
// not allow --cpu-prof in NODE_OPTIONS, so this profiles the process through the inspector and
// writes DIR/<pid>.cpuprofile when it exits or is told to stop. A same-thread inspector session answers
// synchronously, so the 'exit' handler can still stop the profiler and write the file.
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';
import process from 'node:process';

const dir = process.env.OPENLINES_CPU_PROFILE_DIR;
if (dir) {
  // The bench names the directory; it need not exist yet.
  mkdirSync(dir, { recursive: true });
  const session = new Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: 1000 });
  session.post('Profiler.start');
  let written = false;
  const write = () => {
    if (written) return;
    written = true;
    session.post('Profiler.stop', (error, result) => {
      if (!error) writeFileSync(join(dir, `${process.pid}.cpuprofile`), JSON.stringify(result.profile));
    });
  };
  process.on('exit', write);
  // Servers (next start) may leave on SIGTERM without an orderly exit: write first, then let them.
  for (const signal of ['SIGTERM', 'SIGINT']) {
    process.prependListener(signal, () => {
      write();
      // Alone on the signal, this listener would keep the process running: end it as the default would.
      if (process.listenerCount(signal) === 1) process.exit(signal === 'SIGTERM' ? 143 : 130);
    });
  }
}
