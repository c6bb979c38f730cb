import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { sharedWorkflowBundle } from '../support/worker';

/**
 * Every recorded history in test/histories/ must replay against today's workflow code: a change
 * that would alter the commands of a running dialog fails here (guard it with patched()).
 * Refresh the recordings with `npm run histories:capture`.
 */
const historiesDir = join(import.meta.dirname, '..', 'histories');

describe('stored dialog histories replay', async () => {
  const files = (await readdir(historiesDir)).filter((f) => f.endsWith('.json')).sort();

  it('has recorded histories to replay', () => {
    expect(files.length).toBeGreaterThanOrEqual(8);
  });

  it.each(files)('%s replays without nondeterminism', async (file) => {
    const history = historyFromJSON(JSON.parse(await readFile(join(historiesDir, file), 'utf8')));
    await Worker.runReplayHistory({ workflowBundle: await sharedWorkflowBundle() }, history, file.replace(/\.json$/, ''));
  });
});
