import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { signedFilePath } from '../../channels/file-links';
import { receiveInboundMessage } from '../../channels/inbound';
import { createDb } from '../../db/client';
import { migrateTo, migrateToLatest } from '../../db/migrate';
import { DiskFileStore } from '../../storage/disk-store';
import { createFileStore, type FileStore } from '../../storage/file-store';
import { deleteDialogFiles, deleteStoredFile, readFileBytes, storeFile } from '../../storage/stored-files';
import type { SessionUser } from '../../web/server/auth';
import { handleSendFile } from '../../web/server/channels/widget/files';
import { handleGetHistory } from '../../web/server/channels/widget/messages';
import type { WidgetHistory } from '../../web/server/channels/widget/schemas';
import { issueVisitorToken } from '../../web/server/channels/widget/token';
import { handleFileDownload } from '../../web/server/http/file-transfer';
import { waitForState } from '../support/dialogs';
import { TEST_SECRET } from '../support/env';
import { createLine, createUser } from '../support/fixtures';
import { startS3rver } from '../support/s3rver';
import { useTestWorker } from '../support/worker';
import { apiAs, insertDialog, sessionUser } from './helpers';

/**
 * Where files' bytes live and who gets them (issue 11): the file store behind uploads, channels and
 * downloads; files stored in PostgreSQL before the upgrade still open; deleting a file deletes its
 * bytes; a visitor sends files from the widget; one visitor's files never reach another visitor.
 */
const testWorker = useTestWorker();
const db = () => testWorker.worker.db;
const deps = () => ({ db: db(), temporal: testWorker.worker.client, taskQueue: testWorker.worker.taskQueue });

let scratch: string;
let disk: DiskFileStore;
let s3: Awaited<ReturnType<typeof startS3rver>>;
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'openlines-file-storage-'));
  disk = new DiskFileStore(join(scratch, 'files'));
  s3 = await startS3rver();
});
afterAll(async () => {
  await s3?.stop();
  await rm(scratch, { recursive: true, force: true });
});

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 9, 8, 7, 6]);
const PDF = new TextEncoder().encode('%PDF-1.7 the invoice');

function download(files: FileStore, user: SessionUser | null, fileId: number, query = '', database = db()) {
  return handleFileDownload({ db: database, files, secret: TEST_SECRET }, new Request(`http://openlines.test/api/files/${fileId}${query}`), String(fileId), user);
}

/** Bytes as a plain Uint8Array (the disk store answers with Buffers), undefined as it is. */
async function bytes(read: Promise<Uint8Array | undefined>): Promise<Uint8Array | undefined> {
  const data = await read;
  return data && new Uint8Array(data);
}

const queryOf = (link: string) => link.slice(link.indexOf('?'));

/** Every file the disk store holds (temporary ones included). */
async function filesOnDisk(): Promise<string[]> {
  const folders = await readdir(disk.root).catch(() => []);
  return (await Promise.all(folders.map(async (folder) => (await readdir(join(disk.root, folder))).map((name) => `${folder}/${name}`)))).flat();
}

function widgetDeps(files: FileStore) {
  return { ...deps(), secret: TEST_SECRET, live: { subscribe: async () => () => undefined }, files };
}

function sendWidgetFile(files: FileStore, channelKey: string, token: string | null, file: { name: string; type: string; data: Uint8Array }, clientMessageId = randomUUID()) {
  const request = new Request(`http://openlines.test/api/widget/${channelKey}/files?clientMessageId=${clientMessageId}`, {
    method: 'POST',
    headers: { 'content-type': file.type, 'x-file-name': encodeURIComponent(file.name), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: Buffer.from(file.data),
  });
  return handleSendFile(widgetDeps(files), request, channelKey);
}

async function historyOf(files: FileStore, channelKey: string, token: string): Promise<WidgetHistory> {
  const request = new Request(`http://openlines.test/api/widget/${channelKey}/messages`, { headers: { authorization: `Bearer ${token}` } });
  return (await (await handleGetHistory(widgetDeps(files), request, channelKey)).json()) as WidgetHistory;
}

describe('upgrading from files kept in PostgreSQL', () => {
  it('opens every file stored before the upgrade, for staff and by signed link, and new files go to the store', async () => {
    // A database as it was before migration 20261204050000, with a file in files.data.
    const adminUrl = inject('pgAdminUrl');
    const name = `upgrade_${randomUUID().slice(0, 8)}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    const old = createDb(url.toString());
    try {
      await migrateTo(url.toString(), '20261203060000_channel_state');
      const anna = await createUser(old, 'manager', 'Anna');
      const line = await createLine(old, { operators: [anna.id] });
      const dialogId = await insertDialog(old, { lineId: line.lineId, channelId: line.channelId, status: 'in_work', operatorId: anna.id });
      const { rows } = await sql<{ id: number }>`insert into files (dialog_id, name, mime_type, size, data) values (${dialogId}, 'old-invoice.pdf', 'application/pdf', ${PDF.byteLength}, ${Buffer.from(PDF)}) returning id`.execute(old);
      const legacyId = rows[0]!.id;

      await migrateToLatest(url.toString());

      const byStaff = await download(disk, sessionUser(anna, 'manager'), legacyId, '', old);
      expect(byStaff.status).toBe(200);
      expect(byStaff.headers.get('content-length')).toBe(String(PDF.byteLength));
      expect(new Uint8Array(await byStaff.arrayBuffer())).toEqual(PDF);
      const bySignedLink = await download(disk, null, legacyId, queryOf(signedFilePath(TEST_SECRET, legacyId)), old);
      expect(new Uint8Array(await bySignedLink.arrayBuffer())).toEqual(PDF);
      // Channels read the whole file to upload it to a messenger.
      expect(await bytes(readFileBytes({ db: old, files: disk }, legacyId))).toEqual(PDF);

      const newId = await storeFile({ db: old, files: disk }, { dialogId, name: 'new.png', mimeType: 'image/png', data: PNG });
      const row = await old.selectFrom('files').select(['data', 'storage_key']).where('id', '=', newId).executeTakeFirstOrThrow();
      expect(row.data).toBeNull();
      expect(await bytes(disk.read(row.storage_key!))).toEqual(PNG);
      // Going back would lose the new file's bytes: refused, naming why.
      await expect(migrateTo(url.toString(), '20261203060000_channel_state')).rejects.toThrow(/some files are kept only in the file store/);
      // Retention removes old and new files alike.
      expect(await deleteDialogFiles({ db: old, files: disk }, dialogId)).toBe(2);
      expect(await disk.read(row.storage_key!)).toBeUndefined();
      // With no file only in the store, the schema goes back as it was.
      await migrateTo(url.toString(), '20261203060000_channel_state');
      const columns = await sql<{ column_name: string; is_nullable: string }>`select column_name, is_nullable from information_schema.columns where table_name = 'files' and column_name in ('data', 'storage_key')`.execute(old);
      expect(columns.rows).toEqual([{ column_name: 'data', is_nullable: 'NO' }]);
    } finally {
      await old.destroy();
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    }
  });
});

describe.each([
  ['disk', () => disk as FileStore],
  ['s3', () => createFileStore(s3.settings)],
])('files in the %s store', (_kind, store) => {
  it("keeps a channel's file and an upload in the store, serves them streamed, and deleting a file deletes its bytes", async () => {
    const files = store();
    const anna = await createUser(db(), 'manager', 'Anna');
    const line = await createLine(db(), { operators: [anna.id], settings: { greeting: { enabled: false } } });
    const received = await receiveInboundMessage(
      { ...deps(), files },
      { channelId: line.channelId, externalMessageId: randomUUID(), sender: { externalId: randomUUID() }, text: 'Photo of the parcel', attachments: [{ name: 'parcel.png', mimeType: 'image/png', data: PNG }] },
    );
    const [fromClient] = await db().selectFrom('files').select(['id', 'data', 'storage_key']).where('dialog_id', '=', received.dialogId).execute();
    expect(fromClient?.data).toBeNull();
    expect(await bytes(files.read(fromClient!.storage_key!))).toEqual(PNG);
    await waitForState(testWorker.worker.client, received.dialogId, (s) => s.offeredTo.includes(anna.id));

    const session = sessionUser(anna, 'manager');
    const opened = await download(files, sessionUser(await createUser(db(), 'director'), 'director'), fromClient!.id);
    expect(opened.status).toBe(200);
    expect(opened.headers.get('content-type')).toBe('image/png');
    expect(new Uint8Array(await opened.arrayBuffer())).toEqual(PNG);

    const upload = await storeFile({ db: db(), files }, { dialogId: received.dialogId, name: 'invoice.pdf', mimeType: 'application/pdf', data: PDF });
    const key = (await db().selectFrom('files').select('storage_key').where('id', '=', upload).executeTakeFirstOrThrow()).storage_key!;
    expect(await bytes(files.read(key))).toEqual(PDF);

    expect(await deleteStoredFile({ db: db(), files }, upload)).toBe(true);
    expect(await files.read(key)).toBeUndefined();
    expect(await db().selectFrom('files').select('id').where('id', '=', upload).executeTakeFirst()).toBeUndefined();
    expect((await download(files, session, upload, queryOf(signedFilePath(TEST_SECRET, upload)))).status).toBe(404);
    expect(await deleteStoredFile({ db: db(), files }, upload)).toBe(false);
  });
});

describe('files from the widget', () => {
  it("a visitor's photo is stored once (a retried upload too) and the operator sees it; what cannot be stored is refused, naming the field", async () => {
    const anna = await createUser(db(), 'manager', 'Anna');
    const { channelKey } = await createLine(db(), { operators: [anna.id], settings: { greeting: { enabled: false } } });
    const visitor = await issueVisitorToken(TEST_SECRET, { channelKey });
    const before = await filesOnDisk();

    const clientMessageId = randomUUID();
    const sent = await sendWidgetFile(disk, channelKey, visitor.token, { name: '../../broken lamp.png', type: 'image/png', data: PNG }, clientMessageId);
    expect(sent.status).toBe(202);
    const { dialogId, messageId } = (await sent.json()) as { dialogId: number; messageId: number };
    // The retry a flaky connection makes: the same message, and no second copy of the bytes.
    const again = await sendWidgetFile(disk, channelKey, visitor.token, { name: 'broken lamp.png', type: 'image/png', data: PNG }, clientMessageId);
    expect(((await again.json()) as { messageId: number }).messageId).toBe(messageId);
    expect((await filesOnDisk()).length - before.length).toBe(1);

    await waitForState(testWorker.worker.client, dialogId, (s) => s.offeredTo.includes(anna.id));
    const view = await apiAs(deps(), sessionUser(anna, 'manager')).dialogs.get({ dialogId });
    const [file] = view.messages.find((m) => m.id === messageId)?.attachments ?? [];
    // The name keeps no folders: bytes are stored under a key of the server's own.
    expect(file).toMatchObject({ name: 'broken lamp.png', mimeType: 'image/png', size: PNG.byteLength });
    const fileId = Number(file!.url.split('/').pop());
    expect(new Uint8Array(await (await download(disk, sessionUser(anna, 'manager'), fileId)).arrayBuffer())).toEqual(PNG);

    const page = await sendWidgetFile(disk, channelKey, visitor.token, { name: 'offer.html', type: 'text/html', data: new TextEncoder().encode('<script>alert(1)</script>') });
    expect(page.status).toBe(400);
    expect(((await page.json()) as { error: { message: string } }).error.message).toMatch(/^file: "offer.html" \(text\/html\) is a web page, script or program/);
    const empty = await sendWidgetFile(disk, channelKey, visitor.token, { name: 'empty.txt', type: 'text/plain', data: new Uint8Array() });
    expect(empty.status).toBe(400);
    const noToken = await sendWidgetFile(disk, channelKey, null, { name: 'a.png', type: 'image/png', data: PNG });
    expect(noToken.status).toBe(401);
    const badId = await handleSendFile(widgetDeps(disk), new Request(`http://openlines.test/api/widget/${channelKey}/files?clientMessageId=1`, { method: 'POST', headers: { authorization: `Bearer ${visitor.token}`, 'x-file-name': 'a.png', 'content-type': 'image/png' }, body: Buffer.from(PNG) }), channelKey);
    expect(((await badId.json()) as { error: { message: string } }).error.message).toBe('clientMessageId: must be a UUID generated by the browser for this file');
    expect((await filesOnDisk()).length - before.length).toBe(1);
  });

  it("an operator's PDF opens for its visitor by the signed link in their chat; another visitor gets neither the link nor the file", async () => {
    const anna = await createUser(db(), 'manager', 'Anna');
    const { channelKey, channelId } = await createLine(db(), { operators: [anna.id], settings: { greeting: { enabled: false } } });
    const maria = await issueVisitorToken(TEST_SECRET, { channelKey });
    const oleg = await issueVisitorToken(TEST_SECRET, { channelKey });
    const first = await receiveInboundMessage({ ...deps(), files: disk }, { channelId, externalMessageId: randomUUID(), sender: { externalId: maria.visitorId }, text: 'Send me the invoice please' });
    await receiveInboundMessage({ ...deps(), files: disk }, { channelId, externalMessageId: randomUUID(), sender: { externalId: oleg.visitorId }, text: 'Hello' });
    await waitForState(testWorker.worker.client, first.dialogId, (s) => s.offeredTo.includes(anna.id));

    const invoice = await storeFile({ db: db(), files: disk }, { dialogId: first.dialogId, name: 'invoice.pdf', mimeType: 'application/pdf', data: PDF });
    await apiAs(deps(), sessionUser(anna, 'manager')).dialogs.reply({ dialogId: first.dialogId, text: 'Here it is', fileIds: [invoice], clientMessageId: randomUUID() });

    const link = (await historyOf(disk, channelKey, maria.token)).messages.flatMap((m) => m.extras.attachments ?? []).find((f) => f.name === 'invoice.pdf')?.url ?? '';
    expect(link).toMatch(new RegExp(`^/api/files/${invoice}\\?expires=\\d+&signature=`));
    const forMaria = await download(disk, null, invoice, queryOf(link));
    expect(forMaria.headers.get('content-disposition')).toMatch(/^attachment; filename="invoice.pdf"/);
    expect(new Uint8Array(await forMaria.arrayBuffer())).toEqual(PDF);

    // Oleg's chat on the same widget lists nothing of Maria's, and the file's address alone opens nothing.
    const olegs = await historyOf(disk, channelKey, oleg.token);
    expect(olegs.messages.map((m) => m.text)).toEqual(['Hello']);
    expect((await download(disk, null, invoice)).status).toBe(401);
    // A link of Oleg's own (a file of his dialog) does not open Maria's file either.
    const olegsFile = await storeFile({ db: db(), files: disk }, { dialogId: (await db().selectFrom('dialogs').select('id').where('id', '!=', first.dialogId).where('channel_id', '=', channelId).executeTakeFirstOrThrow()).id, name: 'his.pdf', mimeType: 'application/pdf', data: PDF });
    expect((await download(disk, null, invoice, queryOf(signedFilePath(TEST_SECRET, olegsFile)))).status).toBe(403);
  });
});
