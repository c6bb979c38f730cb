import { randomUUID } from 'node:crypto';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { unzipSync, strFromU8 } from 'fflate';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { receiveInboundMessage } from '../../channels/inbound';
import { AppError } from '../../domain/errors';
import { dialogWorkflowId } from '../../domain/dialog';
import type { Database } from '../../db/client';
import { storeFile } from '../../storage/stored-files';
import { getFileStore } from '../../web/server/file-store';
import { handleContactExport } from '../../web/server/http/contact-export';
import { exportContactData } from '../../web/server/services/privacy';
import { apiAs, rejection, sessionUser } from '../web/helpers';
import { terminateDialogs, waitForState } from '../support/dialogs';
import { createLine, createUser } from '../support/fixtures';
import { useTestWorker } from '../support/worker';

/**
 * Export and erase of one client's data (SPEC §9) on real PostgreSQL and Temporal: the client writes
 * through the real inbound path, so their dialog's workflow history carries their words; after the
 * erase nothing of them is left in any text column of the database nor in any workflow history.
 */
const testWorker = useTestWorker();
const deps = () => ({ db: testWorker.worker.db, temporal: testWorker.worker.client, taskQueue: testWorker.worker.taskQueue });
const started = new Set<number>();

afterEach(async () => {
  await terminateDialogs(testWorker.worker.client, started);
  started.clear();
});

async function clientWithData() {
  const db = testWorker.worker.db;
  const admin = await createUser(db, 'admin');
  const operator = await createUser(db);
  const line = await createLine(db, { operators: [operator.id] });
  const tag = randomUUID().slice(0, 8);
  const needles = { name: `Zelda Quillfeather ${tag}`, email: `zelda-${tag}@example.org`, phrase: `my parcel ${tag} never arrived` };
  const visitorId = `visitor-${tag}`;
  const first = await receiveInboundMessage(deps(), {
    channelId: line.channelId,
    externalMessageId: randomUUID(),
    sender: { externalId: visitorId, name: needles.name, email: needles.email },
    text: `Hello, ${needles.phrase}`,
  });
  started.add(first.dialogId);
  await waitForState(testWorker.worker.client, first.dialogId, (s) => s.offeredTo.includes(operator.id));
  const fileBytes = new TextEncoder().encode(`receipt for ${needles.phrase}`);
  const fileId = await storeFile({ db, files: getFileStore() }, { dialogId: first.dialogId, name: 'receipt.txt', mimeType: 'text/plain', data: fileBytes });
  await apiAs(deps(), sessionUser(admin, 'admin')).contacts.createLead({ dialogId: first.dialogId, title: `Lead about ${needles.phrase}` });
  return { db, admin, operator, line, needles, dialogId: first.dialogId, contactId: first.contactId, fileId, fileBytes };
}

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** Every text, varchar, json(b), array and tsvector column of the schema whose text contains the needle. */
async function columnsContaining(db: Database, needle: string): Promise<string[]> {
  const columns = await sql<{ table_name: string; column_name: string; data_type: string }>`
    select c.table_name, c.column_name, c.data_type from information_schema.columns c
    join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name and t.table_type = 'BASE TABLE'
    where c.table_schema = current_schema() and c.data_type in ('text', 'character varying', 'json', 'jsonb', 'ARRAY', 'tsvector', 'bytea')`.execute(db);
  const found: string[] = [];
  for (const { table_name, column_name, data_type } of columns.rows) {
    const column = sql.ref(`${table_name}.${column_name}`);
    // Bytes (files stored before the file store) are read as text too.
    const text = data_type === 'bytea' ? sql`encode(${column}, 'escape')` : sql`${column}::text`;
    const hits = await sql<{ n: number }>`
      select count(*)::int as n from ${sql.table(table_name)} where position(lower(${needle}) in lower(${text})) > 0`.execute(db);
    if ((hits.rows[0]?.n ?? 0) > 0) found.push(`${table_name}.${column_name}`);
  }
  return found;
}

/** The decoded JSON of every workflow history started since `since` on the namespace. */
async function historiesSince(client: Client, since: Date): Promise<{ workflowId: string; text: string }[]> {
  const result: { workflowId: string; text: string }[] = [];
  for await (const execution of client.workflow.list({ query: `StartTime >= "${since.toISOString()}"` })) {
    try {
      const history = await client.workflow.getHandle(execution.workflowId, execution.runId).fetchHistory();
      const text = JSON.stringify(history, (key, value: unknown) => decodedBytes(key, value));
      result.push({ workflowId: execution.workflowId, text });
    } catch (error) {
      // Deleted between the listing and the fetch: nothing left to search.
      if (!(error instanceof WorkflowNotFoundError) && (error as { code?: number }).code !== 5) throw error;
    }
  }
  return result;
}

/** Payload bytes as text: the history's JSON carries them base64-encoded (or as a Buffer's `{ type: 'Buffer', data }`). */
function decodedBytes(key: string, value: unknown): unknown {
  if (value instanceof Uint8Array) return Buffer.from(value).toString('utf8');
  if (key === 'data' && typeof value === 'string') return Buffer.from(value, 'base64').toString('utf8');
  const buffer = value as { type?: unknown; data?: unknown } | null;
  if (buffer && buffer.type === 'Buffer' && Array.isArray(buffer.data)) return Buffer.from(buffer.data as number[]).toString('utf8');
  return value;
}

async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe('export of a client\'s data', () => {
  it('gives a supervisor a zip of contact.json and the files, and audits who exported whom', async () => {
    const c = await clientWithData();
    const download = await exportContactData({ ...deps(), files: getFileStore() }, sessionUser(c.admin, 'admin'), c.dialogId);
    expect(download.fileName).toMatch(new RegExp(`^contact-${c.contactId}-\\d{4}-\\d{2}-\\d{2}\\.zip$`));
    const entries = unzipSync(await readAll(download.stream));
    const json = JSON.parse(strFromU8(entries['contact.json']!)) as {
      contact: { name: string; email: string };
      identities: { external_id: string }[];
      dialogs: { id: number; messages: { text: string }[] }[];
      leads: { title: string }[];
      files: { path: string; name: string }[];
    };
    expect(json.contact).toMatchObject({ name: c.needles.name, email: c.needles.email });
    expect(json.identities).toHaveLength(1);
    expect(json.dialogs.map((d) => d.id)).toEqual([c.dialogId]);
    expect(json.dialogs[0]!.messages.some((m) => m.text.includes(c.needles.phrase))).toBe(true);
    expect(json.leads.map((l) => l.title)).toEqual([`Lead about ${c.needles.phrase}`]);
    expect(json.files).toEqual([expect.objectContaining({ name: 'receipt.txt', path: `files/${c.fileId}-receipt.txt` })]);
    expect(entries[`files/${c.fileId}-receipt.txt`]).toEqual(c.fileBytes);

    const audit = await c.db.selectFrom('audit_log').selectAll().where('action', '=', 'contact.exported').where('subject_id', '=', String(c.contactId)).execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_user_id: c.admin.id, subject_type: 'contact' });
    expect(JSON.stringify(audit[0]!.after)).not.toContain(c.needles.name);
  });

  it('refuses operators (managers), even for their own dialog', async () => {
    const c = await clientWithData();
    const refused = await exportContactData({ ...deps(), files: getFileStore() }, sessionUser(c.operator, 'manager'), c.dialogId).then(
      () => null,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).code).toBe('FORBIDDEN');
    const erase = await rejection(apiAs(deps(), sessionUser(c.operator, 'manager')).privacy.eraseContact({ dialogId: c.dialogId, confirmation: c.needles.name }));
    expect(erase.code).toBe('FORBIDDEN');
    expect(await c.db.selectFrom('audit_log').select('id').where('subject_type', '=', 'contact').where('subject_id', '=', String(c.contactId)).execute()).toEqual([]);
  });
  it('serves the zip over HTTP to a supervisor only (GET /api/dialogs/{id}/contact-export)', async () => {
    const c = await clientWithData();
    const routeDeps = { ...deps(), files: getFileStore() };
    expect((await handleContactExport(routeDeps, String(c.dialogId), null)).status).toBe(401);
    expect((await handleContactExport(routeDeps, String(c.dialogId), sessionUser(c.operator, 'manager'))).status).toBe(403);
    expect((await handleContactExport(routeDeps, 'abc', sessionUser(c.admin, 'admin'))).status).toBe(404);
    const response = await handleContactExport(routeDeps, String(c.dialogId), sessionUser(c.admin, 'admin'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/zip');
    expect(response.headers.get('content-disposition')).toContain(`contact-${c.contactId}-`);
    expect(Object.keys(unzipSync(new Uint8Array(await response.arrayBuffer()))).sort()).toEqual(['contact.json', `files/${c.fileId}-receipt.txt`]);
  });
});

describe('erase of a client\'s data', () => {
  it('asks for the client\'s name and changes nothing without it', async () => {
    const c = await clientWithData();
    const error = await rejection(apiAs(deps(), sessionUser(c.admin, 'admin')).privacy.eraseContact({ dialogId: c.dialogId, confirmation: 'Zelda' }));
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toContain(c.needles.name);
    const contact = await c.db.selectFrom('contacts').select(['name', 'email']).where('id', '=', c.contactId).executeTakeFirstOrThrow();
    expect(contact).toEqual({ name: c.needles.name, email: c.needles.email });
  });

  // The dev server deletes executions in the background (about half a minute): a long timeout.
  it('leaves nothing of the client in PostgreSQL, the file store or Temporal histories, and audits the counts', async () => {
    const since = new Date(Date.now() - 1000);
    const c = await clientWithData();
    const storageKey = (await c.db.selectFrom('files').select('storage_key').where('id', '=', c.fileId).executeTakeFirstOrThrow()).storage_key!;
    // Before: the client's words are in the database and in their dialog's history (the check can fail).
    expect(await columnsContaining(c.db, c.needles.phrase)).toContain('messages.text');
    expect((await historiesSince(testWorker.worker.client, since)).some((h) => h.text.includes(c.needles.phrase))).toBe(true);

    const result = await apiAs(deps(), sessionUser(c.admin, 'admin')).privacy.eraseContact({ dialogId: c.dialogId, confirmation: ` ${c.needles.name.toUpperCase()} ` });
    started.delete(c.dialogId);
    expect(result).toMatchObject({ contactId: c.contactId, dialogs: 1, files: 1, identities: 1, leads: 1 });
    expect(result.messages).toBeGreaterThanOrEqual(1);
    expect(result.workflowHistories).toBeGreaterThanOrEqual(1);

    for (const needle of Object.values(c.needles)) expect(await columnsContaining(c.db, needle), needle).toEqual([]);
    expect(await getFileStore().read(storageKey)).toBeUndefined();
    // The dialog stays for statistics, closed and without text.
    const dialog = await c.db.selectFrom('dialogs').select('status').where('id', '=', c.dialogId).executeTakeFirstOrThrow();
    expect(dialog.status).toBe('closed');
    expect(await c.db.selectFrom('dialog_stats').select('dialog_id').where('dialog_id', '=', c.dialogId).execute()).toHaveLength(1);

    const client = testWorker.worker.client;
    // Deleting an execution is asynchronous on the server: its history disappears shortly after.
    const stillThere = await eventually(
      () => client.workflow.getHandle(dialogWorkflowId(c.dialogId)).describe().then(() => true, (error: unknown) => !(error instanceof WorkflowNotFoundError)),
      (found) => !found,
      80_000,
    );
    expect(stillThere).toBe(false);
    const histories = await historiesSince(client, since);
    for (const needle of Object.values(c.needles)) expect(histories.filter((h) => h.text.includes(needle)).map((h) => h.workflowId), needle).toEqual([]);

    const audit = await c.db.selectFrom('audit_log').selectAll().where('action', '=', 'contact.erased').where('subject_id', '=', String(c.contactId)).executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ actor_user_id: c.admin.id, subject_type: 'contact', after: expect.objectContaining({ messages: result.messages, files: 1, leads: 1 }) });
  }, 150_000);
});
