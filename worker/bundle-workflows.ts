import { writeFile } from 'node:fs/promises';
import { bundleWorkflows } from './workflow-bundle';

// `node --import tsx worker/bundle-workflows.ts OUT.js`: the workflow bundle, written to OUT.js. The
// worker runs this as a child process (bundleWorkflowsApart) so that webpack's memory is freed
// when the child exits instead of staying with the long-running worker.
const out = process.argv[2];
if (!out) {
  console.error('usage: node --import tsx worker/bundle-workflows.ts <output file>');
  process.exit(2);
}
await writeFile(out, (await bundleWorkflows()).code);
