import { TestWorkflowEnvironment } from '@temporalio/testing';
import { inject } from 'vitest';
import { startTimeSkippingEnvironment } from '../../scripts/support/time-skipping-server';
import './env';

/**
 * A time-skipping environment with its own Java test server (time skipping is global to a server,
 * so test files must not share one). Call `teardown()` when done; it also stops the server.
 */
export function timeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  return startTimeSkippingEnvironment(inject('temporalTestServerPath'));
}

/** The shared dev server from global setup. Use unique task queues and workflow ids per test. */
export function devServerAddress(): string {
  return inject('temporalAddress');
}

/** A (non-time-skipping) test environment on the shared dev server. */
export function devServerEnv(): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createFromExistingServer({ address: devServerAddress(), namespace: 'default' });
}
