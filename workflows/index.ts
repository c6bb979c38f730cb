// Everything the worker registers. Sandboxed code only: no Node built-ins, no I/O.
export { dialogWorkflow } from './dialog';
