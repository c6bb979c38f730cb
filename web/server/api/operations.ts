import { z } from 'zod';
import { presenceSchema, workdaySchema } from '../../../domain/availability';
import { channelKindSchema } from '../../../domain/channels';
import { authorKindSchema, dialogStatusSchema, messageTextSchema } from '../../../domain/dialog';
import { historyFiltersSchema, historySorts, timeZoneSchema } from '../../../domain/dialog-search';
import { AppError } from '../../../domain/errors';
import { flowKindSchema } from '../../../domain/flows/document';
import { lineNameSchema } from '../../../domain/line-settings';
import { roleSchema } from '../../../domain/roles';
import { listContactsPage } from '../../../db/queries/contacts';
import { listDialogMessagesPage } from '../../../db/queries/messages';
import { findUserActive } from '../../../db/queries/users';
import { listUsersWithAvailability, setMyPresence } from '../services/availability';
import { getDialogView, loadDialog, replyToDialog } from '../services/dialogs';
import { listFlowsForAdmin, publishFlow } from '../services/flows';
import { searchHistory } from '../services/history';
import { createLine, listLinesForAdmin } from '../services/lines';
import { parseInput } from './input';
import { defineOperation, type ApiOperation } from './registry';

// ---- shared pieces ------------------------------------------------------------------------------

const MAX_DB_ID = 2_147_483_647;
const idOf = (what: string) =>
  z.coerce
    .number({ error: `must be a ${what} id (a whole number)` })
    .int(`must be a ${what} id (a whole number)`)
    .min(1, `must be a ${what} id (a whole number from 1)`)
    .max(MAX_DB_ID, `must be a ${what} id (at most ${MAX_DB_ID})`);
const timestamp = z.iso.datetime({ offset: true });
const limitQuery = z.coerce
  .number({ error: 'must be a whole number from 1 to 100' })
  .int('must be a whole number from 1 to 100')
  .min(1, 'must be at least 1')
  .max(100, 'must be at most 100')
  .default(30)
  .describe('Items per page (1–100, default 30).');
const cursorQuery = z.string().max(500, 'must be the next_cursor of the previous page').optional().describe('The `next_cursor` of the previous page.');
const booleanQuery = z.enum(['true', 'false'], { error: 'must be true or false' }).transform((value) => value === 'true');
const page = <T extends z.ZodType>(item: T) => z.object({ data: z.array(item), next_cursor: z.string().nullable() });
const named = z.object({ id: z.number(), name: z.string() });
const namedUser = z.object({ id: z.string(), name: z.string() });

/** Keyset cursor of lists ordered by id: the last id seen, opaque to clients. */
function idCursor(lastId: number | undefined, full: boolean): string | null {
  return full && lastId !== undefined ? Buffer.from(String(lastId)).toString('base64url') : null;
}
function afterIdOf(cursor: string | undefined): number {
  if (!cursor) return 0;
  const decoded = /^[A-Za-z0-9_-]+$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString() : '';
  const id = /^\d{1,10}$/.test(decoded) ? Number(decoded) : Number.NaN;
  if (!Number.isSafeInteger(id)) throw new AppError('BAD_REQUEST', 'cursor: must be the next_cursor of the previous page', 'cursor');
  return id;
}

// ---- lines --------------------------------------------------------------------------------------

const lineSchema = z.object({
  id: z.number(),
  name: z.string(),
  queueSize: z.number(),
  createdAt: timestamp,
  channels: z.array(z.object({ id: z.number(), kind: channelKindSchema, key: z.string(), name: z.string() })),
});

const listLines = defineOperation({
  id: 'listLines',
  method: 'GET',
  path: '/lines',
  scope: 'lines:read',
  tag: 'Lines',
  summary: 'List lines with their channels',
  response: z.object({ data: z.array(lineSchema) }),
  handle: async ({ deps }) => ({ data: await listLinesForAdmin(deps) }),
});

const createLineOperation = defineOperation({
  id: 'createLine',
  method: 'POST',
  path: '/lines',
  scope: 'lines:manage',
  tag: 'Lines',
  summary: 'Create a line with default settings',
  body: z.object({ name: lineNameSchema }),
  response: z.object({ id: z.number() }),
  status: 201,
  handle: ({ deps, caller, body }) => createLine(deps, caller.actor, body),
});

// ---- dialogs ------------------------------------------------------------------------------------

/** The history search's own filters (domain/dialog-search.ts), written as query parameters. */
const dialogsQuery = z.object({
  ...historyFiltersSchema.shape,
  statuses: z.array(dialogStatusSchema).max(dialogStatusSchema.options.length).optional(),
  lineId: idOf('line').optional(),
  contactId: idOf('contact').optional(),
  missed: booleanQuery.optional(),
  timeZone: timeZoneSchema.default('UTC').describe('The time zone the date filters are calendar days in.'),
  sort: z.enum(historySorts, { error: `must be one of: ${historySorts.join(', ')}` }).default('newest'),
  limit: limitQuery,
  cursor: cursorQuery,
});

const dialogSummarySchema = z.object({
  id: z.number(),
  status: dialogStatusSchema,
  line: named,
  channelKind: z.string(),
  contact: z.object({ id: z.number(), label: z.string() }),
  operator: namedUser.nullable(),
  rating: z.string().nullable(),
  missed: z.boolean(),
  createdAt: timestamp,
  updatedAt: timestamp,
  closedAt: timestamp.nullable(),
  excerpt: z.object({ text: z.string(), authorKind: authorKindSchema, at: timestamp }).nullable(),
});

const listDialogs = defineOperation({
  id: 'listDialogs',
  method: 'GET',
  path: '/dialogs',
  scope: 'dialogs:read',
  tag: 'Dialogs',
  summary: 'List and search dialogs',
  description: 'The same filters and search as the dialog history in the web app; every line’s dialogs are visible to an API key.',
  query: dialogsQuery,
  response: page(dialogSummarySchema),
  handle: async ({ deps, caller, query }) => {
    const { timeZone, sort, limit, cursor, ...rest } = query;
    const filters = parseInput(historyFiltersSchema, rest, 'query');
    const result = await searchHistory(deps, caller.actor, { filters, timeZone, sort, limit, cursor: cursor ?? null });
    return { data: result.items, next_cursor: result.nextCursor };
  },
});

const dialogParams = z.object({ dialogId: idOf('dialog') });

const getDialog = defineOperation({
  id: 'getDialog',
  method: 'GET',
  path: '/dialogs/{dialogId}',
  scope: 'dialogs:read',
  tag: 'Dialogs',
  summary: 'Get one dialog',
  params: dialogParams,
  response: z.object({
    id: z.number(),
    status: dialogStatusSchema,
    missed: z.boolean(),
    rating: z.string().nullable(),
    createdAt: timestamp,
    updatedAt: timestamp,
    closedAt: timestamp.nullable(),
    line: named,
    channel: z.object({ id: z.number(), kind: z.string(), name: z.string() }),
    contact: z.object({ id: z.number(), label: z.string(), name: z.string().nullable(), email: z.string().nullable(), phone: z.string().nullable() }),
    operator: namedUser.nullable(),
    participants: z.array(namedUser),
  }),
  handle: async ({ deps, caller, params }) => {
    const view = await getDialogView(deps, caller.actor, params.dialogId);
    return {
      id: view.id,
      status: view.status,
      missed: view.missed,
      rating: view.rating,
      createdAt: view.createdAt,
      updatedAt: view.updatedAt,
      closedAt: view.closedAt,
      line: view.line,
      channel: view.channel,
      contact: view.contact,
      operator: view.operator,
      participants: view.participants,
    };
  },
});

// ---- messages -----------------------------------------------------------------------------------

const messageSchema = z.object({
  id: z.number(),
  authorKind: authorKindSchema,
  author: namedUser.nullable(),
  text: z.string(),
  /** Notes between staff, never shown to the client. */
  hidden: z.boolean(),
  deliveryStatus: z.enum(['stored', 'delivered', 'failed']),
  createdAt: timestamp,
});

const listMessages = defineOperation({
  id: 'listMessages',
  method: 'GET',
  path: '/dialogs/{dialogId}/messages',
  scope: 'dialogs:read',
  tag: 'Messages',
  summary: 'Read a dialog’s messages, oldest first',
  params: dialogParams,
  query: z.object({ limit: limitQuery, cursor: cursorQuery }),
  response: page(messageSchema),
  handle: async ({ deps, caller, params, query }) => {
    await loadDialog(deps, caller.actor, params.dialogId);
    const rows = await listDialogMessagesPage(deps.db, params.dialogId, { afterId: afterIdOf(query.cursor), limit: query.limit, includeHidden: true });
    return {
      data: rows.map((row) => ({
        id: row.id,
        authorKind: row.author_kind,
        author: row.author_user_id ? { id: row.author_user_id, name: row.author_name ?? 'Unknown user' } : null,
        text: row.text,
        hidden: row.hidden,
        deliveryStatus: row.delivery_status,
        createdAt: row.created_at,
      })),
      next_cursor: idCursor(rows.at(-1)?.id, rows.length === query.limit),
    };
  },
});

const sendMessage = defineOperation({
  id: 'sendMessage',
  method: 'POST',
  path: '/dialogs/{dialogId}/messages',
  scope: 'messages:send',
  tag: 'Messages',
  summary: 'Send a message to the client as an operator',
  description:
    'Goes the same way as an operator’s reply in the inbox: the dialog workflow delivers it through the channel. It is written in the name of the admin who created the API key; ' +
    'answering a dialog nobody has yet accepts it. Send the same `clientMessageId` again after a timeout and the message is stored and sent once.',
  params: dialogParams,
  body: z.object({
    text: messageTextSchema,
    clientMessageId: z.uuid('must be a UUID').optional(),
  }),
  response: z.object({ messageId: z.number() }),
  status: 201,
  handle: ({ deps, caller, params, body }) => replyToDialog(deps, caller.actor, { dialogId: params.dialogId, ...body }),
});

// ---- operators ----------------------------------------------------------------------------------

const operatorSchema = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  role: roleSchema,
  active: z.boolean(),
  presence: presenceSchema,
  workday: workdaySchema,
  /** Whether new dialogs can reach them now (presence, working day and absences together). */
  available: z.boolean(),
  reason: z.string().nullable(),
});

const listOperators = defineOperation({
  id: 'listOperators',
  method: 'GET',
  path: '/operators',
  scope: 'operators:read',
  tag: 'Operators',
  summary: 'List staff with their presence',
  response: z.object({ data: z.array(operatorSchema) }),
  handle: async ({ deps }) => ({
    data: (await listUsersWithAvailability(deps)).map((user) => ({
      id: user.id,
      name: user.name,
      email: user.email,
      role: user.role,
      active: user.active,
      presence: user.presence,
      workday: user.workday,
      available: user.available,
      reason: user.reason,
    })),
  }),
});

const setPresence = defineOperation({
  id: 'setOperatorPresence',
  method: 'PUT',
  path: '/operators/{userId}/presence',
  scope: 'operators:manage',
  tag: 'Operators',
  summary: 'Set an operator’s presence',
  description: 'The same change as the operator’s own presence switch: going online lets routing offer them dialogs at once.',
  params: z.object({ userId: z.string().min(1, 'must be a user id').max(100, 'must be a user id') }),
  body: z.object({ presence: presenceSchema }),
  response: z.object({ presence: presenceSchema }),
  handle: async ({ deps, params, body }) => {
    const user = await findUserActive(deps.db, params.userId);
    if (!user) throw new AppError('NOT_FOUND', `User ${params.userId} does not exist.`, 'userId');
    if (!user.active) throw new AppError('CONFLICT', `User ${params.userId} is deactivated; reactivate them first.`, 'userId');
    const operator = (await listUsersWithAvailability(deps)).find((u) => u.id === params.userId);
    if (!operator) throw new AppError('NOT_FOUND', `User ${params.userId} does not exist.`, 'userId');
    await setMyPresence(deps, { id: operator.id, role: operator.role }, body.presence);
    return { presence: body.presence };
  },
});

// ---- contacts -----------------------------------------------------------------------------------

const listContacts = defineOperation({
  id: 'listContacts',
  method: 'GET',
  path: '/contacts',
  scope: 'contacts:read',
  tag: 'Contacts',
  summary: 'List contacts with their channel identities',
  query: z.object({ limit: limitQuery, cursor: cursorQuery }),
  response: page(
    z.object({
      id: z.number(),
      name: z.string().nullable(),
      email: z.string().nullable(),
      phone: z.string().nullable(),
      tags: z.array(z.string()),
      blocked: z.boolean(),
      createdAt: timestamp,
      identities: z.array(z.object({ channelId: z.number(), channelKind: channelKindSchema, externalId: z.string(), createdAt: timestamp })),
    }),
  ),
  handle: async ({ deps, query }) => {
    const rows = await listContactsPage(deps.db, { afterId: afterIdOf(query.cursor), limit: query.limit });
    return {
      data: rows.map((row) => ({
        id: row.id,
        name: row.name,
        email: row.email,
        phone: row.phone,
        tags: row.tags,
        blocked: row.blocked,
        createdAt: row.created_at,
        identities: row.identities.map((i) => ({ channelId: i.channel_id, channelKind: i.channel_kind, externalId: i.external_id, createdAt: i.created_at })),
      })),
      next_cursor: idCursor(rows.at(-1)?.id, rows.length === query.limit),
    };
  },
});

// ---- flows --------------------------------------------------------------------------------------

const listFlows = defineOperation({
  id: 'listFlows',
  method: 'GET',
  path: '/flows',
  scope: 'flows:read',
  tag: 'Flows',
  summary: 'List flows with their published version and the lines using them',
  response: z.object({
    data: z.array(
      z.object({
        id: z.number(),
        name: z.string(),
        kind: flowKindSchema,
        updatedAt: timestamp,
        publishedVersion: z.number().nullable(),
        publishedAt: timestamp.nullable(),
        usedByLines: z.array(named),
      }),
    ),
  }),
  handle: async ({ deps }) => ({ data: await listFlowsForAdmin(deps) }),
});

const publishFlowOperation = defineOperation({
  id: 'publishFlow',
  method: 'POST',
  path: '/flows/{flowId}/publish',
  scope: 'flows:publish',
  tag: 'Flows',
  summary: 'Publish a flow’s current draft',
  description: 'Refused with 400 and the problems when the draft is not valid, exactly as in the flow editor.',
  params: z.object({ flowId: idOf('flow') }),
  response: z.object({ version: z.number() }),
  handle: ({ deps, caller, params }) => publishFlow(deps, caller.actor, params.flowId),
});

/** Every operation of the public REST API, in the order of the reference. */
export const apiOperations: readonly ApiOperation[] = [
  listLines,
  createLineOperation,
  listDialogs,
  getDialog,
  listMessages,
  sendMessage,
  listOperators,
  setPresence,
  listContacts,
  listFlows,
  publishFlowOperation,
];
