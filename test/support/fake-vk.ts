import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buffer } from 'node:stream/consumers';

/**
 * The part of the VK API the connector uses, on 127.0.0.1, with VK's own shapes (dev.vk.com/method):
 * POST /method/{name} with form parameters, answers `{ response }` or `{ error: { error_code,
 * error_msg, request_params } }` with HTTP 200; the photo and document upload servers; and files
 * a client "sent" (the Callback API gives their URLs). messages.send keeps VK's deduplication:
 * a second send with the same random_id to the same peer delivers nothing new.
 */
export interface FakeVk {
  apiBaseUrl: string;
  /** messages.send calls that delivered a message (duplicates by random_id are not repeated here). */
  sent: Array<{ id: number; peer_id: string; random_id: string; message: string; keyboard?: string; attachment?: string }>;
  uploads: Array<{ kind: 'photo' | 'doc'; name: string; mimeType: string; data: Buffer }>;
  /** A file a client attached: its URL, as the Callback API would give it. */
  addFile(name: string, data: Buffer): string;
  /** The next messages.send is answered with this VK error. */
  failNextSend(error: { code: number; message: string }): void;
  close(): Promise<void>;
}

export const FAKE_VK_TOKEN = 'vk1.a.fake-community-token-0123456789';
export const FAKE_VK_GROUP_ID = 229912345;

export async function startFakeVk(options: { accessToken?: string; users?: Record<number, { first_name: string; last_name: string }> } = {}): Promise<FakeVk> {
  const token = options.accessToken ?? FAKE_VK_TOKEN;
  const sent: FakeVk['sent'] = [];
  const uploads: FakeVk['uploads'] = [];
  const files = new Map<string, Buffer>();
  const failures: Array<{ code: number; message: string }> = [];
  const byRandomId = new Map<string, number>();
  let nextId = 1;
  let origin = '';

  async function method(name: string, params: URLSearchParams): Promise<unknown> {
    if (params.get('access_token') !== token) throw vkError(5, 'User authorization failed: invalid access_token (4).');
    if (!params.get('v')) throw vkError(8, 'Invalid request: v (version) is required');
    switch (name) {
      case 'messages.send': {
        const failure = failures.shift();
        if (failure) throw vkError(failure.code, failure.message);
        const peer = params.get('peer_id') ?? '';
        const randomId = params.get('random_id') ?? '';
        if (!params.get('message') && !params.get('attachment')) throw vkError(100, 'One of the parameters specified was missing or invalid: message is empty');
        const earlier = byRandomId.get(`${peer}/${randomId}`);
        if (earlier !== undefined) return earlier;
        const id = nextId++;
        byRandomId.set(`${peer}/${randomId}`, id);
        sent.push({
          id,
          peer_id: peer,
          random_id: randomId,
          message: params.get('message') ?? '',
          ...(params.get('keyboard') ? { keyboard: params.get('keyboard')! } : {}),
          ...(params.get('attachment') ? { attachment: params.get('attachment')! } : {}),
        });
        return id;
      }
      case 'users.get':
        return (params.get('user_ids') ?? '').split(',').flatMap((id) => {
          const user = options.users?.[Number(id)];
          return user ? [{ id: Number(id), ...user, can_access_closed: true, is_closed: false }] : [];
        });
      case 'groups.getById':
        return { groups: [{ id: Number(params.get('group_id')), name: 'Openlines Test Shop', screen_name: 'openlines_test', is_closed: 0, type: 'group' }], profiles: [] };
      case 'photos.getMessagesUploadServer':
        return { album_id: -3, upload_url: `${origin}/upload/photo`, user_id: 0, group_id: FAKE_VK_GROUP_ID };
      case 'photos.saveMessagesPhoto': {
        const photo = JSON.parse(params.get('photo') ?? '[]') as Array<{ upload: number }>;
        if (!params.get('hash') || !photo[0]) throw vkError(100, 'One of the parameters specified was missing or invalid: photo is undefined');
        return [{ album_id: -3, date: 1700000000, id: 457239000 + photo[0].upload, owner_id: -FAKE_VK_GROUP_ID, access_key: 'ak1', sizes: [] }];
      }
      case 'docs.getMessagesUploadServer':
        return { upload_url: `${origin}/upload/doc` };
      case 'docs.save': {
        const upload = Number(params.get('file')?.replace('file-', ''));
        if (!uploads[upload]) throw vkError(100, 'One of the parameters specified was missing or invalid: file is undefined');
        return { type: 'doc', doc: { id: 660000000 + upload, owner_id: -FAKE_VK_GROUP_ID, title: params.get('title') ?? '', size: uploads[upload].data.length, ext: 'pdf', url: `${origin}/files/x` } };
      }
      default:
        throw vkError(3, 'Unknown method passed.');
    }
  }

  async function handle(request: IncomingMessage, response: ServerResponse) {
    const url = new URL(request.url ?? '/', origin);
    const body = await buffer(request);
    const methodName = /^\/method\/([\w.]+)$/.exec(url.pathname)?.[1];
    if (methodName && request.method === 'POST') {
      const params = new URLSearchParams(body.toString('utf8'));
      try {
        return json(response, { response: await method(methodName, params) });
      } catch (error) {
        if (error instanceof VkError) {
          return json(response, { error: { error_code: error.code, error_msg: error.message, request_params: [{ key: 'method', value: methodName }] } });
        }
        throw error;
      }
    }
    const upload = /^\/upload\/(photo|doc)$/.exec(url.pathname)?.[1] as 'photo' | 'doc' | undefined;
    if (upload && request.method === 'POST') {
      const form = await new Response(Uint8Array.from(body), { headers: { 'content-type': request.headers['content-type'] ?? '' } }).formData();
      const file = form.get(upload === 'photo' ? 'photo' : 'file');
      if (!(file instanceof File)) return json(response, { error: 'ERR_UPLOAD_FILE_NOT_FOUND', error_descr: 'no file in the request' });
      const index = uploads.push({ kind: upload, name: file.name, mimeType: file.type, data: Buffer.from(await file.arrayBuffer()) }) - 1;
      return json(response, upload === 'photo' ? { server: 852432, photo: JSON.stringify([{ upload: index }]), hash: 'f2a4c8e1' } : { file: `file-${index}` });
    }
    const file = /^\/files\/(.+)$/.exec(url.pathname)?.[1];
    const data = file ? files.get(decodeURIComponent(file)) : undefined;
    if (data) {
      response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': data.length });
      return response.end(data);
    }
    response.writeHead(404).end();
  }

  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      response.writeHead(500).end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    apiBaseUrl: `${origin}/method`,
    sent,
    uploads,
    addFile: (name, data) => {
      files.set(name, data);
      return `${origin}/files/${encodeURIComponent(name)}`;
    },
    failNextSend: (failure) => failures.push(failure),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A Callback API event as VK POSTs it. */
export function vkEvent(type: string, object: unknown, options: { secret?: string; groupId?: number } = {}) {
  return {
    group_id: options.groupId ?? FAKE_VK_GROUP_ID,
    type,
    event_id: `ev${Math.random().toString(16).slice(2, 12)}`,
    v: '5.199',
    object,
    ...(options.secret !== undefined ? { secret: options.secret } : {}),
  };
}

/** A `message_new` object (API 5.199): a user's message to the community with the client's info. */
export function vkMessageNew(message: { id: number; fromId: number; text: string; payload?: string; attachments?: unknown[] }) {
  return {
    message: {
      date: Math.floor(Date.now() / 1000),
      from_id: message.fromId,
      id: message.id,
      out: 0,
      version: 10000000,
      attachments: message.attachments ?? [],
      conversation_message_id: message.id,
      fwd_messages: [],
      important: false,
      is_hidden: false,
      peer_id: message.fromId,
      random_id: 0,
      text: message.text,
      ...(message.payload ? { payload: message.payload } : {}),
    },
    client_info: { button_actions: ['text', 'vkpay', 'open_app', 'location', 'open_link', 'callback', 'intent_subscribe', 'intent_unsubscribe'], keyboard: true, inline_keyboard: true, carousel: true, lang_id: 0 },
  };
}

class VkError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

function vkError(code: number, message: string): VkError {
  return new VkError(code, message);
}

function json(response: ServerResponse, body: unknown) {
  response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
  response.end(JSON.stringify(body));
}
