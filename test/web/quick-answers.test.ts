import { describe, expect, it } from 'vitest';
import type { SessionUser } from '../../web/server/auth';
import { handleQuickAnswerFileUpload } from '../../web/server/http/quick-answer-files';
import { getFileStore } from '../../web/server/file-store';
import { attachmentsForReply } from '../../web/server/services/reply-attachments';
import { createLine, createUser } from '../support/fixtures';
import { apiAs, insertDialog, rejection, sessionUser, useApiDatabase } from './helpers';

/**
 * Quick answers (issue 11): supervisors keep them, operators find their line's and everyone's in a
 * dialog and insert one with its placeholders filled and its files; each insert counts.
 */
const shared = useApiDatabase();
const db = () => shared.deps.db;

function upload(user: SessionUser | null, name: string, type: string, data: Uint8Array) {
  const request = new Request('http://openlines.test/api/quick-answers/files', {
    method: 'POST',
    body: Buffer.from(data),
    headers: { 'content-type': type, 'x-file-name': encodeURIComponent(name) },
    duplex: 'half',
  } as RequestInit);
  return handleQuickAnswerFileUpload({ db: db(), files: getFileStore() }, request, user);
}

async function countQuickAnswers() {
  const row = await db().selectFrom('quick_answers').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

async function world() {
  const director = sessionUser(await createUser(db(), 'director', 'Dana'), 'director');
  const manager = sessionUser(await createUser(db(), 'manager', 'Anna Operator'), 'manager');
  const sales = await createLine(db(), { operators: [manager.id], name: 'Sales' });
  const support = await createLine(db(), { operators: [manager.id], name: 'Support' });
  const dialogId = await insertDialog(db(), { lineId: sales.lineId, channelId: sales.channelId, status: 'in_work', operatorId: manager.id, contactName: 'Maria' });
  return { director, manager, sales, support, dialogId, boss: apiAs(shared.deps, director), operator: apiAs(shared.deps, manager) };
}

describe('managing quick answers', () => {
  it('is for admins and directors: an operator is refused, and so is their upload', async () => {
    const { operator, manager, boss } = await world();
    expect((await rejection(operator.quickAnswers.create({ title: 'Hi', text: 'Hello', lineId: null }))).code).toBe('FORBIDDEN');
    expect((await rejection(operator.quickAnswers.list({ search: '' }))).code).toBe('FORBIDDEN');
    const refused = await upload(manager, 'price.pdf', 'application/pdf', new TextEncoder().encode('%PDF-1.7'));
    expect(refused.status).toBe(403);

    const { id } = await boss.quickAnswers.create({ title: 'Greeting', text: 'Hello {client.name}', lineId: null });
    await boss.quickAnswers.update({ id, title: 'Greeting!', text: 'Hi {client.name}', lineId: null });
    expect((await boss.quickAnswers.list({ search: 'greeting!' })).map((q) => q.text)).toEqual(['Hi {client.name}']);
    await boss.quickAnswers.delete({ id });
    expect((await boss.quickAnswers.list({ search: 'greeting!' })).length).toBe(0);
  });

  it('refuses an empty title or text, a text too long and an unknown line, naming the field; nothing is written', async () => {
    const { boss } = await world();
    const before = await countQuickAnswers();
    const empty = await rejection(boss.quickAnswers.create({ title: '  ', text: '', lineId: null }));
    expect(empty.code).toBe('BAD_REQUEST');
    expect(empty.message).toMatch(/title: must not be empty.*text: must not be empty/);
    const long = await rejection(boss.quickAnswers.create({ title: 'Long', text: 'x'.repeat(4001), lineId: null }));
    expect(long.message).toMatch(/text: must be at most 4000 characters/);
    const unknownLine = await rejection(boss.quickAnswers.create({ title: 'Lost', text: 'Hello', lineId: 987654 }));
    expect(unknownLine.message).toMatch(/lineId: line #987654 does not exist/);
    const foreignFile = await rejection(boss.quickAnswers.create({ title: 'File', text: 'Hello', lineId: null, fileIds: [987654] }));
    expect(foreignFile.message).toMatch(/fileIds: file #987654 was not uploaded for this quick answer/);
    expect(await countQuickAnswers()).toBe(before);
  });
});

describe('using quick answers in a dialog', () => {
  it("offers the dialog's line's and everyone's, not another line's, searched by title and text", async () => {
    const { boss, operator, sales, support, dialogId } = await world();
    const tag = `t${Date.now()}`;
    await boss.quickAnswers.create({ title: `${tag} Sales prices`, text: 'Our prices', lineId: sales.lineId });
    await boss.quickAnswers.create({ title: `${tag} Opening hours`, text: 'We are open 9–18', lineId: null });
    const foreign = await boss.quickAnswers.create({ title: `${tag} Support reset`, text: 'Reset your password', lineId: support.lineId });

    expect((await operator.quickAnswers.forDialog({ dialogId, search: tag })).map((q) => q.title).sort()).toEqual([`${tag} Opening hours`, `${tag} Sales prices`]);
    expect((await operator.quickAnswers.forDialog({ dialogId, search: 'open 9' })).map((q) => q.title)).toContain(`${tag} Opening hours`);
    const refused = await rejection(operator.quickAnswers.insert({ dialogId, quickAnswerId: foreign.id }));
    expect(refused.code).toBe('NOT_FOUND');
    expect(refused.message).toMatch(/quickAnswerId/);
  });

  it("fills the placeholders with the dialog's values and the files join the dialog for the reply", async () => {
    const { boss, director, operator, sales, dialogId } = await world();
    const uploaded = await upload(director, 'prices.pdf', 'application/pdf', new TextEncoder().encode('%PDF-1.7 prices'));
    expect(uploaded.status).toBe(201);
    const { fileId } = (await uploaded.json()) as { fileId: number };
    const { id } = await boss.quickAnswers.create({
      title: 'Prices',
      text: 'Hello, {client.name}! I am {operator.name} from {line.name}. {order.id}',
      lineId: sales.lineId,
      fileIds: [fileId],
    });

    const inserted = await operator.quickAnswers.insert({ dialogId, quickAnswerId: id });
    expect(inserted.text).toBe('Hello, Maria! I am Anna Operator from Sales. {order.id}');
    expect(inserted.attachments).toEqual([{ fileId: expect.any(Number), name: 'prices.pdf', mimeType: 'application/pdf', size: 15, url: expect.stringMatching(/^\/api\/files\/\d+$/) }]);
    const copy = inserted.attachments[0]!.fileId;
    expect(copy).not.toBe(fileId);
    // The reply accepts the copy as one of this dialog's files.
    expect(await attachmentsForReply(db(), dialogId, [copy])).toHaveLength(1);
  });

  it('counts each insert; the picker and the list order by use, then by title', async () => {
    const { boss, operator, dialogId } = await world();
    const tag = `u${Date.now()}`;
    const alpha = await boss.quickAnswers.create({ title: `${tag} Alpha`, text: 'A', lineId: null });
    await boss.quickAnswers.create({ title: `${tag} Beta`, text: 'B', lineId: null });
    const gamma = await boss.quickAnswers.create({ title: `${tag} Gamma`, text: 'C', lineId: null });
    expect((await operator.quickAnswers.forDialog({ dialogId, search: tag })).map((q) => q.title)).toEqual([`${tag} Alpha`, `${tag} Beta`, `${tag} Gamma`]);

    await operator.quickAnswers.insert({ dialogId, quickAnswerId: gamma.id });
    await operator.quickAnswers.insert({ dialogId, quickAnswerId: gamma.id });
    await operator.quickAnswers.insert({ dialogId, quickAnswerId: alpha.id });

    expect((await operator.quickAnswers.forDialog({ dialogId, search: tag })).map((q) => q.title)).toEqual([`${tag} Gamma`, `${tag} Alpha`, `${tag} Beta`]);
    expect((await boss.quickAnswers.list({ search: tag })).map((q) => [q.title, q.usageCount])).toEqual([
      [`${tag} Gamma`, 2],
      [`${tag} Alpha`, 1],
      [`${tag} Beta`, 0],
    ]);
  });
});
