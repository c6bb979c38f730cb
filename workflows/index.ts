// Everything the worker registers. Sandboxed code only: no Node built-ins, no I/O.
export { dialogWorkflow } from './dialog';
export { availabilityClockWorkflow } from './availability-clock';
export { dailyReturnWorkflow } from './daily-return';
export { webhookDeliveryWorkflow } from './webhook-delivery';
export { retentionSweepWorkflow } from './retention-sweep';
