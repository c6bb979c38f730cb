import { rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runBuildCommand } from './support/build-command';
import { withDirLock } from './support/dir-lock';
import { exists } from './support/fs';
import { logStep } from './support/log';

/**
 * schemathesis (PyPI), the property-based fuzzer the public REST API's test runs against its OpenAPI
 * document (test/api/fuzz.test.ts). Installed once into a virtualenv in the cache outside the clone,
 * like GreenMail and the Temporal binaries; needs python3 with the venv module.
 */
export const SCHEMATHESIS_VERSION = '4.32.5';
const VENV_DIR = join(homedir(), '.cache', 'openlines', 'schemathesis', SCHEMATHESIS_VERSION);
const ST_BIN = join(VENV_DIR, 'bin', 'st');
// Written last: a venv without it is a half-finished install and is made again.
const READY_MARK = join(VENV_DIR, '.installed');

export async function ensureSchemathesis(): Promise<string> {
  if (await exists(READY_MARK)) return ST_BIN;
  return withDirLock(`${VENV_DIR}.lock`, async () => {
    if (await exists(READY_MARK)) return ST_BIN; // installed while we waited
    const startedAt = Date.now();
    logStep('schemathesis', `installing schemathesis ${SCHEMATHESIS_VERSION} into ${VENV_DIR} (first time only)…`);
    await rm(VENV_DIR, { recursive: true, force: true });
    const python = process.env.PYTHON ?? 'python3';
    await runBuildCommand('schemathesis', python, ['-m', 'venv', VENV_DIR]);
    await runBuildCommand('schemathesis', join(VENV_DIR, 'bin', 'pip'), ['install', '--disable-pip-version-check', '--quiet', `schemathesis==${SCHEMATHESIS_VERSION}`]);
    if (!(await exists(ST_BIN))) throw new Error(`pip did not install ${ST_BIN}`);
    await writeFile(READY_MARK, `${SCHEMATHESIS_VERSION}\n`);
    logStep('schemathesis', `installed ${ST_BIN}`, startedAt);
    return ST_BIN;
  });
}

// Run directly (`tsx scripts/schemathesis.ts`) to install it ahead of time.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  logStep('schemathesis', await ensureSchemathesis());
}
