import { mkdir, rename, rm } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runBuildCommand } from './support/build-command';
import { withDirLock } from './support/dir-lock';
import { exists } from './support/fs';
import { logStep } from './support/log';

/**
 * GreenMail standalone: real SMTP and IMAP servers in one jar, which the e-mail channel's tests
 * send to and read from (no test may reach a real mail server). Fetched once from Maven Central,
 * like the Temporal test server, into the cache outside the clone.
 */
export const GREENMAIL_VERSION = '2.1.3';
const GREENMAIL_DIR = join(homedir(), '.cache', 'openlines', 'greenmail', GREENMAIL_VERSION);
const GREENMAIL_JAR = join(GREENMAIL_DIR, `greenmail-standalone-${GREENMAIL_VERSION}.jar`);

export async function ensureGreenMailJar(): Promise<string> {
  if (await exists(GREENMAIL_JAR)) return GREENMAIL_JAR;
  return withDirLock(`${GREENMAIL_DIR}.lock`, async () => {
    if (await exists(GREENMAIL_JAR)) return GREENMAIL_JAR; // fetched while we waited
    const startedAt = Date.now();
    logStep('greenmail', `fetching GreenMail standalone ${GREENMAIL_VERSION} from Maven Central (first time only)…`);
    // Fetched into a scratch folder and renamed, so a half-finished download is never taken for the jar.
    const partial = `${GREENMAIL_DIR}.partial`;
    await rm(partial, { recursive: true, force: true });
    await mkdir(partial, { recursive: true });
    await runBuildCommand('greenmail', 'mvn', ['-B', '-ntp', 'dependency:copy', `-Dartifact=com.icegreen:greenmail-standalone:${GREENMAIL_VERSION}`, `-DoutputDirectory=${partial}`]);
    await rm(GREENMAIL_DIR, { recursive: true, force: true });
    await rename(partial, GREENMAIL_DIR);
    if (!(await exists(GREENMAIL_JAR))) throw new Error(`Maven did not deliver ${GREENMAIL_JAR}`);
    logStep('greenmail', `fetched ${GREENMAIL_JAR}`, startedAt);
    return GREENMAIL_JAR;
  });
}

// Run directly (`tsx scripts/greenmail-jar.ts`) to fetch it ahead of time.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  logStep('greenmail', await ensureGreenMailJar());
}
