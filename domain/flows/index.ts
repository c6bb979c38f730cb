/** Openlines flows (SPEC §6): the document, its checks and migrations, and the interpreter. */
export * from './document';
export * from './runtime';
export { validateFlow, type FlowProblem, type FlowValidation } from './validate';
export { migrateFlow } from './migrate';
export * from './templates';
export { validateAnswer, normalizeNumber, normalizeDate, type AnswerResult } from './answers';
export { evaluateCondition, evaluateRule } from './conditions';
export { regexProblem, REGEX_INPUT_LIMIT } from './safe-regex';
export { BUILTIN_VARIABLES } from './builtin-variables';
export { advanceFlow, startSession, type FlowAdvance } from './interpreter';
export { leadBotExample, vipRoutingExample } from './examples';
