import { advanceFlow, startSession } from '../../domain/flows/interpreter';
import type { FlowDocument } from '../../domain/flows/document';
import { benchFacts } from '../support/long-flow';

/**
 * Bench only (not registered by the product's worker): runs a flow through the interpreter
 * `rounds` times inside the workflow sandbox, as the dialog workflow does, and returns the steps.
 */
export async function interpreterBenchWorkflow({ document, rounds }: { document: FlowDocument; rounds: number }): Promise<number> {
  let steps = 0;
  for (let round = 0; round < rounds; round++) {
    const { session } = advanceFlow(document, startSession(1, 1, document), { kind: 'start' }, benchFacts);
    steps += session.steps;
  }
  return steps;
}

/** The same workflow with no work: its wall time is the baseline subtracted from the above. */
export async function emptyBenchWorkflow(_input: { document: FlowDocument; rounds: number }): Promise<number> {
  return 0;
}
