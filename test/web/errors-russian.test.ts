import { randomUUID } from 'node:crypto';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import superjson from 'superjson';
import { describe, expect, it } from 'vitest';
import { refusals } from '../../domain/dialog-lifecycle/preconditions';
import { englishErrorText, errorMessage, type ErrorMessageKey } from '../../domain/error-messages';
import type { Locale } from '../../domain/locale';
import type { SessionUser } from '../../web/server/auth';
import { createAuth, getSessionUser } from '../../web/server/auth';
import { errorMessageOfEnglish, renderInLocale, translateServerText } from '../../web/server/error-messages';
import { messagesByLocale } from '../../web/i18n/messages';
import { createContextForUser } from '../../web/server/trpc/init';
import { appRouter } from '../../web/server/trpc/routers/_app';
import { TEST_SECRET } from '../support/env';
import { createLine, createUser, TEST_PASSWORD } from '../support/fixtures';
import { sendClientMessage, waitForState } from '../support/dialogs';
import { useTestWorker } from '../support/worker';
import { apiAs, insertDialog, manualLiveBus, PUBLIC_URL, sessionUser } from './helpers';

/**
 * What the server says to staff comes in their language (users.locale): dialog refusals, service
 * errors and field errors, through the tRPC error formatter. English stays as it always was.
 */
const testWorker = useTestWorker();
const deps = () => ({ db: testWorker.worker.db, temporal: testWorker.worker.client, taskQueue: testWorker.worker.taskQueue });
const db = () => testWorker.worker.db;

type Catalogue = { [key: string]: string | Catalogue };
function flatten(catalogue: Catalogue, prefix = ''): [string, string][] {
  return Object.entries(catalogue).flatMap(([key, value]) => (typeof value === 'string' ? [[`${prefix}${key}`, value] as [string, string]] : flatten(value, `${prefix}${key}.`)));
}

interface ErrorBody {
  message: string;
  data: { code: string; fieldErrors: Record<string, string[]> | null };
}

/** One tRPC mutation over HTTP, as the browser sends it; the error as the browser reads it. */
async function callOverHttp(user: SessionUser | null, path: string, input: unknown, headers: Record<string, string> = {}): Promise<ErrorBody> {
  const response = await fetchRequestHandler({
    endpoint: '/api/trpc',
    req: new Request(`${PUBLIC_URL}/api/trpc/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(superjson.serialize(input)),
    }),
    router: appRouter,
    createContext: () => createContextForUser({ ...deps(), liveBus: manualLiveBus(), publicUrl: PUBLIC_URL, appSecret: TEST_SECRET }, user),
  });
  expect(response.status).toBeGreaterThanOrEqual(400);
  const body = (await response.json()) as { error: { json: ErrorBody } };
  return body.error.json;
}

async function staff(role: 'admin' | 'manager', locale: Locale): Promise<SessionUser> {
  const user = await createUser(db(), role);
  await db().updateTable('users').set({ locale }).where('id', '=', user.id).execute();
  return { ...sessionUser(user, role), locale };
}

describe('why the reply box is off', () => {
  it('is said in the viewer’s language, with the colleague named', async () => {
    const owner = await staff('manager', 'en');
    const ru = await staff('admin', 'ru');
    const en = await staff('admin', 'en');
    const line = await createLine(db(), { operators: [owner.id] });
    const dialogId = await insertDialog(db(), { ...line, status: 'in_work', operatorId: owner.id });

    const seenInRussian = await apiAs(deps(), ru).dialogs.get({ dialogId });
    expect(seenInRussian.permissions.replyBlockedReason).toBe(`С диалогом работает ${owner.name}; отвечать может только этот сотрудник.`);
    const seenInEnglish = await apiAs(deps(), en).dialogs.get({ dialogId });
    expect(seenInEnglish.permissions.replyBlockedReason).toBe(`${owner.name} is handling this dialog; only they can answer.`);
  });
});

describe('a dialog action refused', () => {
  it('says the dialog is closed in Russian to a Russian operator and in English to an English one', async () => {
    const ru = await staff('manager', 'ru');
    const en = await staff('manager', 'en');
    const line = await createLine(db(), { operators: [ru.id, en.id] });
    const forRu = await insertDialog(db(), { ...line, status: 'closed', operatorId: ru.id });
    const forEn = await insertDialog(db(), { ...line, status: 'closed', operatorId: en.id });

    const russian = await callOverHttp(ru, 'dialogs.reply', { dialogId: forRu, text: 'Добрый день' });
    expect(russian.data.code).toBe('CONFLICT');
    expect(russian.message).toBe('Этот диалог уже закрыт.');

    const english = await callOverHttp(en, 'dialogs.reply', { dialogId: forEn, text: 'Good afternoon' });
    expect(english.data.code).toBe('CONFLICT');
    expect(english.message).toBe('This dialog is already closed.');
  });

  it('translates a refusal the dialog workflow itself answered with', async () => {
    const ru = await staff('manager', 'ru');
    const line = await createLine(db(), { operators: [ru.id], settings: { greeting: { enabled: false }, rating: { enabled: false } } });
    const { dialogId } = await sendClientMessage(deps(), line.channelId, { visitorId: randomUUID(), text: 'Где мой заказ?' });
    await waitForState(testWorker.worker.client, dialogId, (s) => s.offeredTo.includes(ru.id));
    await apiAs(deps(), ru).dialogs.take({ dialogId });
    await waitForState(testWorker.worker.client, dialogId, (s) => s.operatorId === ru.id);

    // Only the workflow knows the dialog is already hers: its update validator refuses in English.
    const russian = await callOverHttp(ru, 'dialogs.transfer', { dialogId, to: { kind: 'operator', operatorId: ru.id } });
    expect(russian.data.code).toBe('CONFLICT');
    expect(russian.message).toBe('to.operatorId: диалог уже у этого оператора.');
    const english = await callOverHttp({ ...ru, locale: 'en' }, 'dialogs.transfer', { dialogId, to: { kind: 'operator', operatorId: ru.id } });
    expect(english.message).toBe(refusals.alreadyWithOperator);
  });

  it('has a Russian text for every refusal the dialog workflow can answer with', () => {
    for (const refusal of Object.values(refusals)) {
      const russian = translateServerText(refusal, 'ru');
      expect(russian, refusal).not.toBe(refusal);
      expect(russian, refusal).not.toMatch(/\b(the|this|dialog|must)\b/);
    }
    expect(translateServerText(refusals.emptyReply, 'ru')).toBe('text: не может быть пустым: напишите текст или приложите файл.');
  });

  it('tells an operator in Russian what happened to an action the dialog did not confirm', () => {
    const notApplied = errorMessage('dialog.unconfirmedNotApplied', { dialogId: '42', what: errorMessage('dialog.action.reply'), again: errorMessage('dialog.sendAgainSafe') });
    expect(renderInLocale(notApplied, 'ru')).toMatch(/^Диалог №42 не подтвердил ваш ответ вовремя, .*Отправить ещё раз безопасно/);
    expect(renderInLocale(notApplied, 'en')).toMatch(/^Dialog #42 did not confirm your reply in time, .*Sending it again is safe/);
  });
});

describe('a service refusing (AppError)', () => {
  it('names a taken e-mail in the admin’s language, on the email field', async () => {
    const taken = await createUser(db(), 'manager');
    const input = { name: 'Anna Petrova', email: taken.email, role: 'manager', setup: { kind: 'password', password: TEST_PASSWORD } };

    const russian = await callOverHttp(await staff('admin', 'ru'), 'users.create', input);
    const ruText = `Адрес ${taken.email} уже занят: укажите другой адрес e-mail или найдите этого пользователя в списке.`;
    expect(russian.data.code).toBe('CONFLICT');
    expect(russian.message).toBe(ruText);
    expect(russian.data.fieldErrors).toEqual({ email: [ruText] });

    const english = await callOverHttp(await staff('admin', 'en'), 'users.create', input);
    const enText = `${taken.email} already has an account: use another e-mail address, or find the user in the list.`;
    expect(english.message).toBe(enText);
    expect(english.data.fieldErrors).toEqual({ email: [enText] });
  });

  it('refuses a flow file that is not JSON in the admin’s language, with the line and column', async () => {
    const admin = await staff('admin', 'ru');
    const { id: flowId } = await apiAs(deps(), admin).flows.create({ name: 'Импорт', kind: 'bot' });
    const refusal = await callOverHttp(admin, 'flows.importJson', { flowId, json: '{\n  "schemaVersion": 2,\n}' });
    expect(refusal.data.code).toBe('BAD_REQUEST');
    expect(refusal.message).toMatch(/^json: это не JSON \(line 3, column 1: .+\); экспортируйте сценарий заново или исправьте файл\.$/);
  });

  it('keeps a number a Russian text counts in the right plural form', () => {
    expect(renderInLocale(errorMessage('dialog.replyWindowClosed', { hours: '24' }), 'ru')).toContain('в течение 24 часов');
    expect(renderInLocale(errorMessage('field.maxChars', { max: '1' }), 'ru')).toBe('не длиннее 1 символа');
    expect(renderInLocale(errorMessage('field.maxChars', { max: '2000' }), 'ru')).toMatch(/^не длиннее 2\s000 символов$/);
  });
});

describe('invalid input (zod)', () => {
  it('names the empty field with the domain schema’s message in the user’s language', async () => {
    const input = { name: '  ', email: 'not-an-address', role: 'manager', setup: { kind: 'invitation' } };

    const russian = await callOverHttp(await staff('admin', 'ru'), 'users.create', input);
    expect(russian.data.code).toBe('BAD_REQUEST');
    expect(russian.data.fieldErrors).toEqual({
      name: ['введите имя, например Анна Петрова'],
      email: ['введите правильный адрес e-mail, например anna@example.com'],
    });
    expect(russian.message).toBe('name: введите имя, например Анна Петрова; email: введите правильный адрес e-mail, например anna@example.com');

    const english = await callOverHttp(await staff('admin', 'en'), 'users.create', input);
    expect(english.data.fieldErrors).toEqual({
      name: ['enter a name, e.g. Anna Petrova'],
      email: ['enter a valid e-mail address, e.g. anna@example.com'],
    });
    expect(english.message).toBe('name: enter a name, e.g. Anna Petrova; email: enter a valid e-mail address, e.g. anna@example.com');
  });

  it('renders zod’s own messages (no custom text) with zod’s Russian locale', async () => {
    const input = { name: 'Anna Petrova', email: 'anna@example.com', role: 'boss', setup: { kind: 'invitation' } };
    const russian = await callOverHttp(await staff('admin', 'ru'), 'users.create', input);
    expect(russian.data.fieldErrors).toEqual({ role: ['Неверный вариант: ожидалось одно из "admin"|"director"|"manager"'] });

    const english = await callOverHttp(await staff('admin', 'en'), 'users.create', input);
    expect(english.data.fieldErrors).toEqual({ role: ['Invalid option: expected one of "admin"|"director"|"manager"'] });
  });

  it('finds every catalogue text back from its English rendering, so no two texts are mistaken for each other', () => {
    const mistaken: string[] = [];
    for (const [key, text] of flatten(messagesByLocale.en.errors)) {
      if (/\{\w+,/.test(text)) continue; // pluralised in English: thrown by key only
      const values = Object.fromEntries([...text.matchAll(/\{(\w+)\}/g)].map((m, i) => [m[1] as string, `v${i}`]));
      const rendered = englishErrorText(key as ErrorMessageKey, values);
      const found = errorMessageOfEnglish(rendered);
      if (found?.key !== key) mistaken.push(`${key} → ${found?.key ?? 'nothing'}`);
    }
    expect(mistaken).toEqual([]);
  });

  it('leaves a text that is not in the catalogue as it was', () => {
    expect(translateServerText('Something nobody translated.', 'ru')).toBe('Something nobody translated.');
  });
});

describe('whose language', () => {
  it('asks someone not signed in to sign in, in the language their browser asks for', async () => {
    const anonymous = createContextForUser({ ...deps(), liveBus: manualLiveBus(), publicUrl: PUBLIC_URL, appSecret: TEST_SECRET, locale: 'ru' }, null);
    const response = await fetchRequestHandler({
      endpoint: '/api/trpc',
      req: new Request(`${PUBLIC_URL}/api/trpc/dialogs.reply`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(superjson.serialize({ dialogId: 1, text: 'x' })) }),
      router: appRouter,
      createContext: () => anonymous,
    });
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: { json: ErrorBody } }).error.json.message).toBe('Войдите, чтобы продолжить.');
  });

  it('reads the signed-in user’s language from their account on each request', async () => {
    const auth = createAuth({ db: db(), secret: TEST_SECRET, baseURL: PUBLIC_URL, rateLimit: false });
    const user = await createUser(db(), 'manager');
    const signIn = await auth.handler(
      new Request(`${PUBLIC_URL}/api/auth/sign-in/email`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: PUBLIC_URL },
        body: JSON.stringify({ email: user.email, password: TEST_PASSWORD }),
      }),
    );
    const cookie = signIn.headers.getSetCookie().map((c) => c.split(';')[0] ?? '').find((c) => c.includes('session_token=')) ?? '';
    expect((await getSessionUser(auth, new Headers({ cookie })))?.locale).toBe('en');
    await db().updateTable('users').set({ locale: 'ru' }).where('id', '=', user.id).execute();
    expect((await getSessionUser(auth, new Headers({ cookie })))?.locale).toBe('ru');
  });
});
