/**
 * Variables the interpreter sets itself, which flows may read like their own: an HTTP request's
 * outcome (after either branch), the reply a wait step got, the lead a create-lead step made.
 */
export const BUILTIN_VARIABLES = {
  httpStatus: 'http_status',
  httpError: 'http_error',
  lastReply: 'last_reply',
  leadId: 'lead_id',
} as const;
