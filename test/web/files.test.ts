import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { FILE_LINK_TTL_SECONDS, signedFilePath } from '../../channels/file-links';
import { receiveChannelNews } from '../../channels/receive';
import { MAX_UPLOAD_BYTES } from '../../domain/files';
import type { Role } from '../../domain/roles';
import { configuredFileStore } from '../../storage/file-store';
import { storeFile } from '../../storage/stored-files';
import type { SessionUser } from '../../web/server/auth';
import { handleGetHistory } from '../../web/server/channels/widget/messages';
import type { WidgetHistory } from '../../web/server/channels/widget/schemas';
import { issueVisitorToken } from '../../web/server/channels/widget/token';
import { handleFileDownload, handleFileUpload } from '../../web/server/http/file-transfer';
import { securityHeaders } from '../../web/server/http/security-headers';
import { eventually, sendClientMessage, waitForState } from '../support/dialogs';
import { TEST_SECRET } from '../support/env';
import { createChannel, createLine, createUser } from '../support/fixtures';
import { useTestWorker } from '../support/worker';
import { apiAs, insertDialog, rejection, sessionUser } from './helpers';

/**
 * Files in dialogs (issue 10): an operator uploads a file for a reply, the reply carries it, staff
 * open it by session, visitors and channels by a signed expiring link, and nothing stored can run
 * script in the app's origin. The HTTP handlers run without Next.js; the reply runs through a real
 * dialog workflow.
 */
const testWorker = useTestWorker();
const db = () => testWorker.worker.db;
const deps = () => ({ db: db(), temporal: testWorker.worker.client, taskQueue: testWorker.worker.taskQueue });
const fileDeps = () => ({ db: db(), files: configuredFileStore(), secret: TEST_SECRET });

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);

function upload(user: SessionUser | null, dialogId: number | string, body: BodyInit, headers: Record<string, string>) {
  const request = new Request(`http://openlines.test/api/files?dialogId=${dialogId}`, { method: 'POST', body, headers, duplex: 'half' } as RequestInit);
  return handleFileUpload(fileDeps(), request, user);
}

function uploadRaw(user: SessionUser | null, dialogId: number | string, name: string, type: string, data: Uint8Array) {
  return upload(user, dialogId, Buffer.from(data), { 'content-type': type, 'x-file-name': encodeURIComponent(name) });
}

function download(user: SessionUser | null, fileId: number | string, query = '') {
  return handleFileDownload(fileDeps(), new Request(`http://openlines.test/api/files/${fileId}${query}`), String(fileId), user);
}

async function errorOf(response: Response) {
  return ((await response.json()) as { error: { message: string; fieldErrors: Record<string, string[]> } }).error;
}

async function filesOf(dialogId: number) {
  return db().selectFrom('files').select(['id', 'name', 'mime_type', 'size']).where('dialog_id', '=', dialogId).orderBy('id').execute();
}

/** An operator with a dialog of their own on a line of theirs. */
async function operatorWithDialog(role: Role = 'manager') {
  const user = await createUser(db(), role, 'Anna');
  const line = await createLine(db(), { operators: [user.id] });
  const dialogId = await insertDialog(db(), { lineId: line.lineId, channelId: line.channelId, status: 'in_work', operatorId: user.id });
  return { user, session: sessionUser(user, role), line, dialogId };
}

describe('POST /api/files (operator upload)', () => {
  it('stores a file with its dialog, raw or multipart, and answers what the reply names it by', async () => {
    const { session, dialogId } = await operatorWithDialog();

    const raw = await uploadRaw(session, dialogId, 'Счёт №5 "final".png', 'image/png', PNG);
    expect(raw.status).toBe(201);
    const stored = (await raw.json()) as { fileId: number };
    expect(stored).toEqual({ fileId: expect.any(Number), name: 'Счёт №5 "final".png', mimeType: 'image/png', size: PNG.byteLength, url: `/api/files/${stored.fileId}` });

    const form = new FormData();
    form.set('file', new File(['id;amount\n1;20\n'], 'report.csv', { type: 'text/csv' }));
    const multipart = await upload(session, dialogId, form, {});
    expect(multipart.status).toBe(201);
    expect(await multipart.json()).toMatchObject({ name: 'report.csv', mimeType: 'text/csv', size: 15 });

    expect(await filesOf(dialogId)).toEqual([
      { id: stored.fileId, name: 'Счёт №5 "final".png', mime_type: 'image/png', size: PNG.byteLength },
      { id: expect.any(Number), name: 'report.csv', mime_type: 'text/csv', size: 15 },
    ]);
  });

  it('refuses files over 20 MB, empty files and active content, naming the field and the limit, and stores nothing', async () => {
    const { session, dialogId } = await operatorWithDialog();
    const tooBig = new Uint8Array(MAX_UPLOAD_BYTES + 1);

    // Declared too large: refused before the body is read.
    const declared = await upload(session, dialogId, Buffer.from(tooBig), { 'content-type': 'application/pdf', 'x-file-name': 'scan.pdf', 'content-length': String(tooBig.byteLength) });
    expect(declared.status).toBe(413);
    expect((await errorOf(declared)).fieldErrors.file?.[0]).toMatch(/^must be at most 20 MB \(20971520 bytes\)/);

    // Streamed without a length: counted while it arrives.
    const stream = new Blob([tooBig]).stream();
    const streamed = await upload(session, dialogId, stream, { 'content-type': 'application/pdf', 'x-file-name': 'scan.pdf' });
    expect(streamed.status).toBe(413);
    expect((await errorOf(streamed)).message).toMatch(/^file: must be at most 20 MB/);

    const exactly = await uploadRaw(session, dialogId, 'largest.bin', 'application/octet-stream', new Uint8Array(MAX_UPLOAD_BYTES));
    expect(exactly.status).toBe(201);

    const empty = await uploadRaw(session, dialogId, 'empty.txt', 'text/plain', new Uint8Array());
    expect(empty.status).toBe(400);
    expect((await errorOf(empty)).message).toBe('file: is empty; choose a file with content');

    for (const [name, type] of [
      ['page.html', 'text/html'],
      ['logo.svg', 'image/svg+xml'],
      ['invoice.pdf.exe', 'application/octet-stream'],
      ['harmless.txt', 'application/javascript'],
    ] as const) {
      const refused = await uploadRaw(session, dialogId, name, type, new TextEncoder().encode('<script>alert(1)</script>'));
      expect(refused.status, name).toBe(400);
      const error = await errorOf(refused);
      expect(error.message).toMatch(/^file: ".+" \(.+\) is a web page, script or program/);
      expect(error.fieldErrors.file).toHaveLength(1);
    }

    const noName = await upload(session, dialogId, Buffer.from(PNG), { 'content-type': 'image/png' });
    expect(noName.status).toBe(400);
    expect((await errorOf(noName)).fieldErrors).toHaveProperty('name');
    const noDialog = await uploadRaw(session, 'x', 'a.png', 'image/png', PNG);
    expect(noDialog.status).toBe(400);
    expect((await errorOf(noDialog)).message).toMatch(/^dialogId: is required/);

    expect((await filesOf(dialogId)).map((f) => f.name)).toEqual(['largest.bin']);
  });

  it("refuses in the operator's language: a Russian operator reads the size limit, an empty file, a web page and a deactivated account in Russian, with the field named", async () => {
    const { session, line, user } = await operatorWithDialog();
    const russian: SessionUser = { ...session, locale: 'ru' };
    const dialogId = await insertDialog(db(), { lineId: line.lineId, channelId: line.channelId, status: 'in_work', operatorId: user.id });

    const tooBig = new Uint8Array(MAX_UPLOAD_BYTES + 1);
    const streamed = await uploadRaw(russian, dialogId, 'scan.pdf', 'application/pdf', tooBig);
    expect(streamed.status).toBe(413);
    const streamedError = await errorOf(streamed);
    expect(streamedError.message).toBe('file: размер не больше 20 MB (20971520 байт), а этот файл больше — отправьте ссылку на него или сожмите его');
    expect(streamedError.fieldErrors.file).toEqual(['размер не больше 20 MB (20971520 байт), а этот файл больше — отправьте ссылку на него или сожмите его']);
    const declared = await upload(russian, dialogId, Buffer.from(tooBig), { 'content-type': 'application/pdf', 'x-file-name': 'scan.pdf', 'content-length': String(tooBig.byteLength) });
    expect(declared.status).toBe(413);
    expect((await errorOf(declared)).message).toMatch(/^file: размер не больше 20 MB \(20971520 байт\), а /);

    const empty = await uploadRaw(russian, dialogId, 'empty.txt', 'text/plain', new Uint8Array());
    expect((await errorOf(empty)).fieldErrors.file).toEqual(['файл пустой; выберите файл с содержимым']);

    const page = await uploadRaw(russian, dialogId, 'page.html', 'text/html', new TextEncoder().encode('<p>hi</p>'));
    expect((await errorOf(page)).message).toMatch(/^file: «page\.html» \(text\/html\) — веб-страница, скрипт или программа/);

    const signedOut = await uploadRaw(null, dialogId, 'a.png', 'image/png', PNG);
    expect((await errorOf(signedOut)).message).toBe('Sign in to upload files.');
    const deactivated = await uploadRaw({ ...russian, active: false }, dialogId, 'a.png', 'image/png', PNG);
    expect((await errorOf(deactivated)).message).toBe('Эта учётная запись отключена. Попросите администратора включить её снова.');
    expect(await filesOf(dialogId)).toEqual([]);
  });

  it('needs a signed-in operator who may answer the dialog', async () => {
    const { user: anna, line, dialogId } = await operatorWithDialog();
    const boris = await createUser(db(), 'manager', 'Boris');
    const director = await createUser(db(), 'director', 'Dana');
    const closed = await insertDialog(db(), { lineId: line.lineId, channelId: line.channelId, status: 'closed', operatorId: anna.id });

    expect((await uploadRaw(null, dialogId, 'a.png', 'image/png', PNG)).status).toBe(401);
    expect((await uploadRaw(sessionUser(anna, 'manager', false), dialogId, 'a.png', 'image/png', PNG)).status).toBe(403);
    // Boris serves no queue of this line and the dialog is Anna's.
    const foreign = await uploadRaw(sessionUser(boris, 'manager'), dialogId, 'a.png', 'image/png', PNG);
    expect(foreign.status).toBe(403);
    expect((await errorOf(foreign)).message).toMatch(/not yours/);
    expect((await uploadRaw(sessionUser(anna, 'manager'), closed, 'a.png', 'image/png', PNG)).status).toBe(409);
    expect((await uploadRaw(sessionUser(anna, 'manager'), 999_999_999, 'a.png', 'image/png', PNG)).status).toBe(404);
    expect(await filesOf(dialogId)).toEqual([]);

    // A supervisor may answer any open dialog.
    expect((await uploadRaw(sessionUser(director, 'director'), dialogId, 'a.png', 'image/png', PNG)).status).toBe(201);
  });
});

describe('GET /api/files/{id}', () => {
  it('gives staff who may see the dialog the bytes, and refuses everyone else', async () => {
    const { user: anna, session, dialogId } = await operatorWithDialog();
    const boris = await createUser(db(), 'manager', 'Boris');
    const fileId = await storeFile(fileDeps(), { dialogId, name: 'photo.png', mimeType: 'image/png', data: PNG });

    const mine = await download(session, fileId);
    expect(mine.status).toBe(200);
    expect(new Uint8Array(await mine.arrayBuffer())).toEqual(PNG);

    expect((await download(null, fileId)).status).toBe(401);
    expect((await download(sessionUser(anna, 'manager', false), fileId)).status).toBe(401);
    expect((await download(sessionUser(boris, 'manager'), fileId)).status).toBe(403);
    expect((await download(sessionUser(await createUser(db(), 'director'), 'director'), fileId)).status).toBe(200);
    expect((await download(session, 999_999_999)).status).toBe(404);
    expect((await download(session, 'abc')).status).toBe(404);
  });

  it('opens by a signed link without a session until it expires; a forged or borrowed signature gets 403', async () => {
    const { dialogId } = await operatorWithDialog();
    const fileId = await storeFile(fileDeps(), { dialogId, name: 'contract.pdf', mimeType: 'application/pdf', data: new TextEncoder().encode('%PDF-1.7') });
    const otherId = await storeFile(fileDeps(), { dialogId, name: 'other.pdf', mimeType: 'application/pdf', data: new TextEncoder().encode('%PDF-1.7 other') });
    const query = (path: string) => path.slice(path.indexOf('?'));

    const valid = await download(null, fileId, query(signedFilePath(TEST_SECRET, fileId)));
    expect(valid.status).toBe(200);
    expect(await valid.text()).toBe('%PDF-1.7');

    const longAgo = new Date(Date.now() - (FILE_LINK_TTL_SECONDS + 60) * 1000);
    const expired = await download(null, fileId, query(signedFilePath(TEST_SECRET, fileId, longAgo)));
    expect(expired.status).toBe(403);
    expect((await errorOf(expired)).message).toMatch(/^signature: this file link is forged or has expired/);

    const forged = await download(null, fileId, query(signedFilePath('another-secret-0123456789abcdef0123', fileId)));
    expect(forged.status).toBe(403);
    const borrowed = await download(null, otherId, query(signedFilePath(TEST_SECRET, fileId)));
    expect(borrowed.status).toBe(403);
    const tampered = new URLSearchParams(query(signedFilePath(TEST_SECRET, fileId)));
    tampered.set('expires', String(Number(tampered.get('expires')) + 3600));
    expect((await download(null, fileId, `?${tampered.toString()}`)).status).toBe(403);
    // A forged link learns nothing: the same answer whether or not the file exists.
    expect((await download(null, 999_999_999, query(signedFilePath('another-secret-0123456789abcdef0123', 999_999_999)))).status).toBe(403);
  });

  it('shows raster images in place and makes everything else a sandboxed download with a safe name', async () => {
    const { session, dialogId } = await operatorWithDialog();
    const image = await storeFile(fileDeps(), { dialogId, name: 'Фото "1".png', mimeType: 'image/png', data: PNG });
    // What a client could send through a channel: a web page and an SVG with script inside.
    const page = await storeFile(fileDeps(), { dialogId, name: 'evil.html', mimeType: 'text/html', data: new TextEncoder().encode('<script>parent.alert(1)</script>') });
    const svg = await storeFile(fileDeps(), { dialogId, name: 'logo.svg', mimeType: 'image/svg+xml', data: new TextEncoder().encode('<svg onload="alert(1)"/>') });
    const odd = await storeFile(fileDeps(), { dialogId, name: 'data', mimeType: 'text/plain\r\nX-Evil: 1', data: PNG });

    const shown = await download(session, image);
    expect(Object.fromEntries(shown.headers)).toMatchObject({
      'content-type': 'image/png',
      'content-length': String(PNG.byteLength),
      'content-disposition': `inline; filename="____ _1_.png"; filename*=UTF-8''%D0%A4%D0%BE%D1%82%D0%BE%20%221%22.png`,
      'x-content-type-options': 'nosniff',
    });
    for (const fileId of [page, svg]) {
      const response = await download(session, fileId);
      expect(response.headers.get('content-disposition')).toMatch(/^attachment; /);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp).toContain('sandbox');
      expect(csp).toContain("default-src 'none'");
      expect(csp).not.toMatch(/script-src/);
    }
    expect((await download(session, odd)).headers.get('content-type')).toBe('application/octet-stream');
    // The proxy in front of every response sends the same policy for files (not the app's own).
    expect(securityHeaders(`/api/files/${page}`, { publicUrl: 'http://openlines.test', development: false })['Content-Security-Policy']).toBe(
      (await download(session, page)).headers.get('content-security-policy'),
    );
  });
});

describe('a reply with files', () => {
  it('stores the files in the message, shows them in the inbox, and gives the visitor signed links', async () => {
    const anna = await createUser(db(), 'manager', 'Anna');
    const { channelId, channelKey } = await createLine(db(), { operators: [anna.id], settings: { greeting: { enabled: false } } });
    const visitor = await issueVisitorToken(TEST_SECRET, { channelKey });
    const { dialogId } = await sendClientMessage(deps(), channelId, { visitorId: visitor.visitorId, text: 'Can you send the invoice?' });
    await waitForState(testWorker.worker.client, dialogId, (s) => s.offeredTo.includes(anna.id));
    const session = sessionUser(anna, 'manager');
    const api = apiAs(deps(), session);

    const invoice = (await (await uploadRaw(session, dialogId, 'invoice.pdf', 'application/pdf', new TextEncoder().encode('%PDF-1.7 invoice'))).json()) as { fileId: number };
    const photo = (await (await uploadRaw(session, dialogId, 'parcel.png', 'image/png', PNG)).json()) as { fileId: number };

    // Files only: the text may be empty once something is attached.
    const { messageId } = await api.dialogs.reply({ dialogId, text: '  ', fileIds: [invoice.fileId, photo.fileId], clientMessageId: randomUUID() });
    const stored = await db().selectFrom('messages').select(['text', 'extras', 'author_kind']).where('id', '=', messageId).executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ author_kind: 'operator', text: '' });
    expect(stored.extras.attachments).toEqual([
      { fileId: invoice.fileId, name: 'invoice.pdf', mimeType: 'application/pdf', size: 16, url: `/api/files/${invoice.fileId}` },
      { fileId: photo.fileId, name: 'parcel.png', mimeType: 'image/png', size: PNG.byteLength, url: `/api/files/${photo.fileId}` },
    ]);

    const view = await api.dialogs.get({ dialogId });
    expect(view.messages.at(-1)).toMatchObject({
      authorKind: 'operator',
      text: '',
      deliveryError: null,
      attachments: [
        { name: 'invoice.pdf', url: `/api/files/${invoice.fileId}`, mimeType: 'application/pdf', size: 16 },
        { name: 'parcel.png', url: `/api/files/${photo.fileId}`, mimeType: 'image/png', size: PNG.byteLength },
      ],
    });

    // The visitor has no session: their history links the files signed, and the link opens them.
    const widgetDeps = { ...deps(), secret: TEST_SECRET, live: { subscribe: async () => () => undefined } };
    const history = (await (
      await handleGetHistory(widgetDeps, new Request(`http://openlines.test/api/widget/${channelKey}/messages`, { headers: { authorization: `Bearer ${visitor.token}` } }), channelKey)
    ).json()) as WidgetHistory;
    const files = history.messages.find((m) => m.id === messageId)?.extras.attachments ?? [];
    expect(files.map((f) => f.name)).toEqual(['invoice.pdf', 'parcel.png']);
    const link = files[0]?.url ?? '';
    expect(link).toMatch(new RegExp(`^/api/files/${invoice.fileId}\\?expires=\\d+&signature=`));
    const opened = await download(null, invoice.fileId, link.slice(link.indexOf('?')));
    expect(await opened.text()).toBe('%PDF-1.7 invoice');
  });

  it("refuses an empty reply without files and a file of another dialog, naming the field; nothing is sent", async () => {
    const { session, line, dialogId } = await operatorWithDialog();
    const other = await insertDialog(db(), { lineId: line.lineId, channelId: line.channelId, status: 'in_work', operatorId: session.id });
    const otherFile = await storeFile(fileDeps(), { dialogId: other, name: 'secret.pdf', mimeType: 'application/pdf', data: PNG });
    const api = apiAs(deps(), session);

    const empty = await rejection(api.dialogs.reply({ dialogId, text: ' ', fileIds: [] }));
    expect(empty.message).toBe('text: must not be empty: write a text or attach a file');
    const foreign = await rejection(api.dialogs.reply({ dialogId, text: 'Here you go', fileIds: [otherFile] }));
    expect(foreign.code).toBe('BAD_REQUEST');
    expect(foreign.message).toBe(`fileIds: file #${otherFile} is not a file of dialog #${dialogId}; attach it again`);
    const tooMany = await rejection(api.dialogs.reply({ dialogId, text: 'All of them', fileIds: Array.from({ length: 11 }, (_, i) => i + 1) }));
    expect(tooMany.message).toMatch(/^fileIds: must be at most 10 files/);
    const messages = await db().selectFrom('messages').select('author_kind').where('dialog_id', '=', dialogId).execute();
    expect(messages.map((m) => m.author_kind)).toEqual(['client']);
  });
});

describe('files through the channel pipeline', () => {
  it("shows a client's photo from a channel in the inbox, and a reply the channel cannot take as not delivered, with the reason and nothing lost", async () => {
    const anna = await createUser(db(), 'manager', 'Anna');
    const { lineId } = await createLine(db(), { operators: [anna.id], settings: { greeting: { enabled: false } } });
    const mail = await createChannel(db(), { lineId, kind: 'email', name: 'Support mail' });
    const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 5, 6, 7, 8]);

    // A connector's parsed delivery: a photo without a caption.
    const news = await receiveChannelNews(deps(), mail.id, {
      messages: [{ externalMessageId: `<${randomUUID()}@example.test>`, sender: { externalId: 'olga@example.test' }, text: '', attachments: [{ name: 'receipt.jpg', mimeType: 'image/jpeg', data: JPEG }] }],
      receipts: [],
    });
    const dialogId = news.stored[0]?.dialogId ?? 0;
    await waitForState(testWorker.worker.client, dialogId, (s) => s.offeredTo.includes(anna.id));
    const session = sessionUser(anna, 'manager');
    const api = apiAs(deps(), session);

    const [fromClient] = (await api.dialogs.get({ dialogId })).messages;
    expect(fromClient).toMatchObject({ authorKind: 'client', text: '', attachments: [{ name: 'receipt.jpg', mimeType: 'image/jpeg', size: JPEG.byteLength }] });
    const photo = await download(session, (fromClient?.attachments[0]?.url ?? '').replace('/api/files/', ''));
    expect(photo.headers.get('content-disposition')).toMatch(/^inline; /);
    expect(new Uint8Array(await photo.arrayBuffer())).toEqual(JPEG);

    // The admin switches the channel off before the answer goes out: the channel cannot take it.
    await db().updateTable('channels').set({ enabled: false }).where('id', '=', mail.id).execute();
    const invoice = (await (await uploadRaw(session, dialogId, 'invoice.pdf', 'application/pdf', new TextEncoder().encode('%PDF-1.7'))).json()) as { fileId: number };
    const { messageId } = await api.dialogs.reply({ dialogId, text: 'Thanks! Here is the invoice.', fileIds: [invoice.fileId] });

    const failed = await eventually(async () => (await api.dialogs.get({ dialogId })).messages.find((m) => m.id === messageId && m.deliveryStatus === 'failed'));
    expect(failed).toMatchObject({
      text: 'Thanks! Here is the invoice.',
      deliveryError: 'channel "Support mail" is switched off',
      attachments: [{ name: 'invoice.pdf', url: `/api/files/${invoice.fileId}` }],
    });
  });
});
