import type { ConditionSubject } from '../../../../domain/flows/document';

/** What a condition rule can check, in the order the rule's picker offers it (labels: flows.subjects.*). */
export const conditionSubjectSources = [
  'variable',
  'contact',
  'channel',
  'time',
  'working_hours',
  'message',
  'contact_known',
  'has_responsible',
  'tag',
  'language',
] as const satisfies readonly ConditionSubject['source'][];
