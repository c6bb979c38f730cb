import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { File as TelegramFile, InlineKeyboardMarkup, Message, PhotoSize, Update, User, WebhookInfo } from 'grammy/types';

/**
 * A local stand-in for the Telegram Bot API (https://core.telegram.org/bots/api), on 127.0.0.1:
 * the methods the Telegram connector calls, with the documented request forms (JSON, urlencoded,
 * multipart for uploads), result shapes and error answers (`{ ok: false, error_code, description,
 * parameters }`). It records every call, hands out queued updates to getUpdates (long polling), and
 * can POST an update to the registered webhook with its secret token, as Telegram does.
 */
export interface FakeTelegram {
  /** Give to the connector as its API root. */
  apiRoot: string;
  token: string;
  bot: User;
  /** Every Bot API call, in order (the file downloads are in `downloads`). */
  calls: RecordedCall[];
  downloads: string[];
  webhook: { url: string; secretToken?: string; allowedUpdates?: string[] } | null;
  /** An uploaded or sent file the client "sends": its file_id for a photo or document in an update. */
  addFile(data: Uint8Array, filePath: string): { file_id: string; file_unique_id: string; file_size: number };
  /** Queues an update for getUpdates (its update_id is assigned, as Telegram does). */
  queueUpdate(update: UpdateContent): Update;
  /** POSTs an update to the registered webhook the way Telegram does (null secret: none sent). */
  deliverToWebhook(update: UpdateContent, options?: { secretToken?: string | null }): Promise<Response>;
  /** A private chat whose user has written to the bot (updates add theirs themselves). */
  addChat(chatId: number): void;
  /** Chats whose user blocked the bot: sends to them fail with 403. */
  blockChat(chatId: number): void;
  /** The next `times` calls of `method` fail with this error (e.g. 429 with retry_after, 500). */
  failNext(method: string, error: { error_code: number; description: string; retry_after?: number }, times?: number): void;
  /** Resolves when a call of `method` has been recorded (including ones recorded before). */
  waitForCall(method: string, count?: number): Promise<RecordedCall>;
  close(): Promise<void>;
}

/** An update as a test writes it (any shape: tests also send what Telegram would not); update_id is assigned. */
export type UpdateContent = Record<string, unknown>;

export interface RecordedCall {
  method: string;
  params: Record<string, unknown>;
  /** Files uploaded with the call (multipart), by field name. */
  files: Record<string, { name: string; type: string; data: Uint8Array }>;
}

export async function startFakeTelegram(options: { token?: string } = {}): Promise<FakeTelegram> {
  const token = options.token ?? `${100000 + Math.floor(Math.random() * 899999)}:${randomBytes(24).toString('base64url')}`;
  const bot: User = { id: Number(token.split(':')[0]), is_bot: true, first_name: 'Openlines Test Bot', username: 'openlines_test_bot' };
  const calls: RecordedCall[] = [];
  const downloads: string[] = [];
  const files = new Map<string, { file: TelegramFile; data: Uint8Array }>();
  const filesByPath = new Map<string, Uint8Array>();
  const queued: Update[] = [];
  const blocked = new Set<number>();
  // Chats the bot may write to: a private chat exists once its user wrote (an update names it).
  const knownChats = new Set<number>();
  const failures = new Map<string, { error_code: number; description: string; retry_after?: number; times: number }>();
  const callWaiters: (() => void)[] = [];
  const updateWaiters: (() => void)[] = [];
  let nextUpdateId = 1000;
  let nextMessageId = 500;
  let webhook: FakeTelegram['webhook'] = null;

  const notify = (waiters: (() => void)[]) => waiters.splice(0).forEach((wake) => wake());

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      response.writeHead(500, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ ok: false, error_code: 500, description: `Internal Server Error: ${String(error)}` }));
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const fileMatch = /^\/file\/bot([^/]+)\/(.+)$/.exec(url.pathname);
    if (fileMatch) {
      const data = fileMatch[1] === token ? filesByPath.get(decodeURIComponent(fileMatch[2] ?? '')) : undefined;
      downloads.push(url.pathname);
      if (!data) return answer(response, 404, { ok: false, error_code: 404, description: 'Not Found' });
      response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': data.byteLength });
      response.end(data);
      return;
    }
    const methodMatch = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(url.pathname);
    if (!methodMatch) return answer(response, 404, { ok: false, error_code: 404, description: 'Not Found' });
    if (methodMatch[1] !== token) return answer(response, 401, { ok: false, error_code: 401, description: 'Unauthorized' });
    const method = methodMatch[2] ?? '';
    const { params, files: uploaded } = await readParams(request, url);
    const call: RecordedCall = { method, params, files: uploaded };
    calls.push(call);
    notify(callWaiters);

    const failure = failures.get(method);
    if (failure && failure.times > 0) {
      failure.times -= 1;
      const parameters = failure.retry_after === undefined ? undefined : { retry_after: failure.retry_after };
      return answer(response, failure.error_code, { ok: false, error_code: failure.error_code, description: failure.description, ...(parameters ? { parameters } : {}) });
    }
    const outcome = await run(method, params, uploaded, request);
    if ('error_code' in outcome) return answer(response, outcome.error_code, { ok: false, ...outcome });
    return answer(response, 200, { ok: true, result: outcome.result });
  }

  async function run(
    method: string,
    params: Record<string, unknown>,
    uploaded: RecordedCall['files'],
    request: IncomingMessage,
  ): Promise<{ result: unknown } | { error_code: number; description: string }> {
    switch (method) {
      case 'getMe':
        return { result: { ...bot, can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: false } };
      case 'setWebhook': {
        const webhookUrl = String(params.url ?? '');
        if (webhookUrl === '') {
          webhook = null;
          return { result: true };
        }
        if (!/^https?:\/\//.test(webhookUrl)) return { error_code: 400, description: 'Bad Request: bad webhook: An HTTPS URL must be provided for webhook' };
        const secretToken = params.secret_token === undefined ? undefined : String(params.secret_token);
        if (secretToken !== undefined && !/^[A-Za-z0-9_-]{1,256}$/.test(secretToken)) {
          return { error_code: 400, description: 'Bad Request: secret token contains unallowed characters' };
        }
        webhook = { url: webhookUrl, ...(secretToken ? { secretToken } : {}), ...(Array.isArray(params.allowed_updates) ? { allowedUpdates: params.allowed_updates as string[] } : {}) };
        return { result: true };
      }
      case 'deleteWebhook':
        webhook = null;
        return { result: true };
      case 'getWebhookInfo': {
        const info: WebhookInfo = { url: webhook?.url ?? '', has_custom_certificate: false, pending_update_count: queued.length };
        return { result: info };
      }
      case 'getUpdates':
        return getUpdates(params, request);
      case 'sendMessage': {
        const chat = chatFor(params.chat_id);
        if ('error_code' in chat) return chat;
        const text = String(params.text ?? '');
        if (text.trim() === '') return { error_code: 400, description: 'Bad Request: message text is empty' };
        if (text.length > 4096) return { error_code: 400, description: 'Bad Request: message is too long' };
        return { result: sentMessage(chat.id, { text, ...markupOf(params) }) };
      }
      case 'sendPhoto': {
        const chat = chatFor(params.chat_id);
        if ('error_code' in chat) return chat;
        const photo = uploaded.photo;
        if (!photo) return { error_code: 400, description: 'Bad Request: there is no photo in the request' };
        const stored = storeFile(photo.data, `photos/file_${files.size}.jpg`);
        const sizes: PhotoSize[] = [{ ...stored, width: 90, height: 90 }, { ...stored, width: 800, height: 800 }];
        return { result: sentMessage(chat.id, { photo: sizes, ...captionOf(params), ...markupOf(params) }) };
      }
      case 'sendDocument': {
        const chat = chatFor(params.chat_id);
        if ('error_code' in chat) return chat;
        const document = uploaded.document;
        if (!document) return { error_code: 400, description: 'Bad Request: there is no document in the request' };
        const stored = storeFile(document.data, `documents/${document.name}`);
        return { result: sentMessage(chat.id, { document: { ...stored, file_name: document.name, mime_type: document.type }, ...captionOf(params), ...markupOf(params) }) };
      }
      case 'getFile': {
        const found = files.get(String(params.file_id ?? ''));
        if (!found) return { error_code: 400, description: 'Bad Request: invalid file_id' };
        return { result: found.file };
      }
      case 'answerCallbackQuery':
        if (typeof params.callback_query_id !== 'string') return { error_code: 400, description: 'Bad Request: query is too old and response timeout expired or query ID is invalid' };
        return { result: true };
      default:
        return { error_code: 404, description: 'Not Found' };
    }
  }

  /** Long polling: answers at once when updates are queued, else waits up to `timeout` seconds for one. */
  async function getUpdates(params: Record<string, unknown>, request: IncomingMessage): Promise<{ result: Update[] } | { error_code: number; description: string }> {
    if (webhook) return { error_code: 409, description: "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first" };
    const offset = Number(params.offset ?? 0);
    // Telegram forgets updates below the offset: they were confirmed.
    while (queued.length > 0 && (queued[0]?.update_id ?? 0) < offset) queued.shift();
    const timeoutMs = Math.min(Number(params.timeout ?? 0), 50) * 1000;
    if (queued.length === 0 && timeoutMs > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, timeoutMs);
        request.once('close', done);
        updateWaiters.push(done);
        function done() {
          clearTimeout(timer);
          resolve();
        }
      });
    }
    const limit = Math.min(Math.max(Number(params.limit ?? 100), 1), 100);
    return { result: queued.slice(0, limit) };
  }

  function chatFor(chatId: unknown): { id: number } | { error_code: number; description: string } {
    const id = Number(chatId);
    if (blocked.has(id)) return { error_code: 403, description: 'Forbidden: bot was blocked by the user' };
    if (!knownChats.has(id)) return { error_code: 400, description: 'Bad Request: chat not found' };
    return { id };
  }

  function sentMessage(chatId: number, content: Partial<Message>): Message {
    nextMessageId += 1;
    return { message_id: nextMessageId, from: bot, chat: { id: chatId, type: 'private', first_name: 'Client' }, date: Math.floor(Date.now() / 1000), ...content } as Message;
  }

  function storeFile(data: Uint8Array, filePath: string) {
    const file_id = `AgAC${randomBytes(12).toString('base64url')}`;
    const file_unique_id = `AQAD${randomBytes(6).toString('base64url')}`;
    const file: TelegramFile = { file_id, file_unique_id, file_size: data.byteLength, file_path: filePath };
    files.set(file_id, { file, data });
    filesByPath.set(filePath, data);
    return { file_id, file_unique_id, file_size: data.byteLength };
  }

  function withUpdateId(update: UpdateContent): Update {
    // Telegram numbers updates itself, in order: the offset of getUpdates relies on it.
    const complete = { ...update, update_id: ++nextUpdateId } as Update;
    for (const chatId of chatIdsOf(complete)) knownChats.add(chatId);
    return complete;
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    apiRoot: `http://127.0.0.1:${port}`,
    token,
    bot,
    calls,
    downloads,
    get webhook() {
      return webhook;
    },
    addFile: storeFile,
    queueUpdate(update) {
      const complete = withUpdateId(update);
      queued.push(complete);
      notify(updateWaiters);
      return complete;
    },
    async deliverToWebhook(update, { secretToken } = {}) {
      if (!webhook) throw new Error('fake Telegram: no webhook is set (setWebhook was not called)');
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      const secret = secretToken === undefined ? webhook.secretToken : secretToken;
      if (secret) headers['x-telegram-bot-api-secret-token'] = secret;
      return fetch(webhook.url, { method: 'POST', headers, body: JSON.stringify(withUpdateId(update)) });
    },
    addChat(chatId) {
      knownChats.add(chatId);
    },
    blockChat(chatId) {
      blocked.add(chatId);
    },
    failNext(method, error, times = 1) {
      failures.set(method, { ...error, times });
    },
    async waitForCall(method, count = 1) {
      for (;;) {
        const matching = calls.filter((call) => call.method === method);
        if (matching.length >= count) return matching[count - 1] as RecordedCall;
        await new Promise<void>((resolve) => callWaiters.push(resolve));
      }
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        notify(updateWaiters);
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function chatIdsOf(update: Update): number[] {
  const message = update.message ?? update.edited_message ?? update.callback_query?.message;
  return message ? [message.chat.id] : [];
}

function markupOf(params: Record<string, unknown>): { reply_markup?: InlineKeyboardMarkup } {
  const markup = params.reply_markup;
  if (markup === undefined) return {};
  return { reply_markup: (typeof markup === 'string' ? JSON.parse(markup) : markup) as InlineKeyboardMarkup };
}

function captionOf(params: Record<string, unknown>): { caption?: string } {
  return typeof params.caption === 'string' ? { caption: params.caption } : {};
}

/**
 * The Bot API takes parameters as a query string, urlencoded or JSON body, or multipart/form-data
 * (required for uploads); objects such as reply_markup arrive JSON-serialised in the non-JSON forms.
 */
async function readParams(request: IncomingMessage, url: URL): Promise<{ params: Record<string, unknown>; files: RecordedCall['files'] }> {
  const params: Record<string, unknown> = Object.fromEntries(url.searchParams);
  const files: RecordedCall['files'] = {};
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  const type = request.headers['content-type'] ?? '';
  if (body.byteLength === 0) return { params, files };
  if (type.startsWith('application/json')) return { params: { ...params, ...(JSON.parse(body.toString('utf8')) as Record<string, unknown>) }, files };
  if (type.startsWith('application/x-www-form-urlencoded')) {
    return { params: { ...params, ...Object.fromEntries(new URLSearchParams(body.toString('utf8'))) }, files };
  }
  if (type.startsWith('multipart/form-data')) {
    const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(type);
    for (const part of multipartParts(body, boundary?.[1] ?? boundary?.[2] ?? '')) {
      if (part.filename === undefined) params[part.name] = parseMaybeJson(part.data.toString('utf8'));
      else files[part.name] = { name: part.filename, type: part.type, data: new Uint8Array(part.data) };
    }
    // grammY (like the docs' "attach://<name>") uploads under a field of its own and references it.
    for (const [name, value] of Object.entries(params)) {
      const attached = typeof value === 'string' && value.startsWith('attach://') ? files[value.slice('attach://'.length)] : undefined;
      if (attached) files[name] = attached;
    }
    return { params, files };
  }
  throw new Error(`fake Telegram: unsupported content type ${type}`);
}

/**
 * multipart/form-data as Telegram's server reads it: header names in any case, parameters quoted
 * or not (grammY writes `name="photo"` and `filename=x.jpg`, which WHATWG FormData parsing refuses).
 */
function multipartParts(body: Buffer, boundary: string): { name: string; filename?: string; type: string; data: Buffer }[] {
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: { name: string; filename?: string; type: string; data: Buffer }[] = [];
  let start = body.indexOf(delimiter);
  while (start !== -1) {
    const next = body.indexOf(delimiter, start + delimiter.length);
    if (next === -1) break;
    const part = body.subarray(start + delimiter.length + 2, next - 2); // after CRLF, before CRLF
    const headerEnd = part.indexOf('\r\n\r\n');
    const headers = part.subarray(0, headerEnd).toString('utf8').split('\r\n');
    const disposition = headers.find((line) => /^content-disposition:/i.test(line)) ?? '';
    const contentType = headers.find((line) => /^content-type:/i.test(line));
    const name = /;\s*name=(?:"([^"]*)"|([^;]*))/i.exec(disposition);
    const filename = /;\s*filename=(?:"([^"]*)"|([^;]*))/i.exec(disposition);
    parts.push({
      name: name?.[1] ?? name?.[2] ?? '',
      ...(filename ? { filename: filename[1] ?? filename[2] ?? '' } : {}),
      type: contentType ? contentType.slice(contentType.indexOf(':') + 1).trim() : 'application/octet-stream',
      data: part.subarray(headerEnd + 4),
    });
    start = next;
  }
  return parts;
}

function parseMaybeJson(value: string): unknown {
  if (!/^[[{]/.test(value)) return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

function answer(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}
