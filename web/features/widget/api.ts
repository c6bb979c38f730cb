import type {
  RateDialogRequest,
  SendMessageRequest,
  WidgetErrorBody,
  WidgetHistory,
  WidgetRateResult,
  WidgetSendResult,
  WidgetSession,
  WidgetTypingResult,
} from '../../server/channels/widget/schemas';

/** A failed widget API call; `status` 0 means the network, not the server, failed. */
export class WidgetApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly fieldErrors: Record<string, string[]> = {},
    /** The server's own words for the visitor (already in the chat's language); else `message` is for logs only. */
    readonly fromServer = false,
  ) {
    super(message);
    this.name = 'WidgetApiError';
  }

  /** Worth trying again later without changing anything. */
  get retryable(): boolean {
    return this.status === 0 || this.status === 429 || this.status >= 500;
  }
}

function storageKey(channelKey: string): string {
  return `openlines.widget.${channelKey}.token`;
}

// localStorage throws in some privacy modes and sandboxed frames; the chat then lasts one page view.
function readStoredToken(channelKey: string): string | null {
  try {
    return window.localStorage.getItem(storageKey(channelKey));
  } catch {
    return null;
  }
}

function storeToken(channelKey: string, token: string): void {
  try {
    window.localStorage.setItem(storageKey(channelKey), token);
  } catch {
    // Kept in memory only.
  }
}

/**
 * The browser side of the widget's HTTP contract. Keeps the visitor token in localStorage and
 * renews the session once when the server no longer accepts it (expired, secret rotated).
 */
export class WidgetApi {
  private session: Promise<WidgetSession> | null = null;

  constructor(readonly channelKey: string) {}

  private get base(): string {
    return `/api/widget/${encodeURIComponent(this.channelKey)}`;
  }

  /** The current session, created (or renewed from the stored token) on first use. */
  startSession(): Promise<WidgetSession> {
    this.session ??= this.createSession(readStoredToken(this.channelKey)).catch((error: unknown) => {
      this.session = null;
      throw error;
    });
    return this.session;
  }

  private async createSession(token: string | null): Promise<WidgetSession> {
    const session = await call<WidgetSession>(`${this.base}/session`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ ...(token ? { token } : {}), ...embeddingPage() }),
    });
    storeToken(this.channelKey, session.token);
    return session;
  }

  private async authorized<T>(path: string, init: RequestInit = {}): Promise<T> {
    const attempt = async () => {
      const { token } = await this.startSession();
      const headers = new Headers(init.headers);
      headers.set('Authorization', `Bearer ${token}`);
      return call<T>(`${this.base}${path}`, { ...init, headers });
    };
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof WidgetApiError) || error.status !== 401) throw error;
      this.session = null;
      return attempt();
    }
  }

  history(): Promise<WidgetHistory> {
    return this.authorized<WidgetHistory>('/messages');
  }

  send(body: SendMessageRequest): Promise<WidgetSendResult> {
    return this.authorized<WidgetSendResult>('/messages', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
  }

  /** A file as a message of its own; the same clientMessageId makes a resend safe. */
  sendFile(clientMessageId: string, file: File): Promise<WidgetSendResult> {
    return this.authorized<WidgetSendResult>(`/files?clientMessageId=${encodeURIComponent(clientMessageId)}`, {
      method: 'POST',
      headers: { 'Content-Type': file.type || 'application/octet-stream', 'X-File-Name': encodeURIComponent(file.name) },
      body: file,
    });
  }

  rate(body: RateDialogRequest): Promise<WidgetRateResult> {
    return this.authorized<WidgetRateResult>('/rating', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
  }

  /** The visitor is typing; the server throttles and drops what it need not publish. */
  typing(): Promise<WidgetTypingResult> {
    return this.authorized<WidgetTypingResult>('/typing', { method: 'POST' });
  }

  async streamUrl(): Promise<string> {
    const { token } = await this.startSession();
    return `${this.base}/stream?token=${encodeURIComponent(token)}`;
  }
}

/**
 * The site embedding this chat (widget.js's iframe), for the chat's allowed origins: the browser's
 * own record of the parent where it keeps one, else the referrer the iframe was loaded from.
 */
function embeddingPage(): { embeddedIn?: string } {
  if (window.parent === window) return {};
  const ancestor = (window.location as Location & { ancestorOrigins?: DOMStringList }).ancestorOrigins?.[0];
  if (ancestor) return { embeddedIn: ancestor };
  return document.referrer ? { embeddedIn: document.referrer } : {};
}

async function call<T>(url: string, init: RequestInit): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, cache: 'no-store' });
  } catch {
    throw new WidgetApiError(0, 'No connection. Check your internet and try again.');
  }
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const error = (body as Partial<WidgetErrorBody> | null)?.error;
    throw new WidgetApiError(response.status, error?.message ?? `The chat server answered ${response.status}.`, error?.fieldErrors ?? {}, error?.message !== undefined);
  }
  return body as T;
}

/** RFC 4122 v4 id; crypto.randomUUID exists only in secure contexts, getRandomValues everywhere. */
export function newClientMessageId(): string {
  if (typeof crypto.randomUUID === 'function' && window.isSecureContext) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
