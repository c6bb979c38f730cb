import type { Client } from '@temporalio/client';
import { initTRPC, TRPCError } from '@trpc/server';
import superjson from 'superjson';
import { appSecret, publicUrl } from '../../../domain/config';
import { englishErrorText } from '../../../domain/error-messages';
import { AppError, type AppErrorCode } from '../../../domain/errors';
import type { LiveEvent } from '../../../domain/live-events';
import { DEFAULT_LOCALE, negotiateLocale, type Locale } from '../../../domain/locale';
import { internalHostAllowList, type InternalHostAllowList } from '../../../domain/network/internal-host-allow-list';
import { seesAllDialogs, canConfigure } from '../../../domain/roles';
import type { Database } from '../../../db/client';
import { getAuth, getSessionUser, type SessionUser } from '../auth';
import { config, requireDatabaseUrl } from '../config';
import { clientAddressOf } from '../http/client-address';
import { getDb } from '../db';
import { appErrorMessageIn, issueMessageIn, translateServerText } from '../error-messages';
import { getFileStore } from '../file-store';
import type { FileStore } from '../../../storage/file-store';
import { getLiveBus } from '../live/bus';
import { getTemporal, taskQueue } from '../temporal';

/** What live subscriptions need from the bus (the real one, or a stand-in in tests). */
export interface LiveEventSource {
  subscribe(listener: (event: LiveEvent) => void): Promise<() => void>;
}

export interface AppContext {
  db: Database;
  temporal: Client;
  taskQueue: string;
  liveBus: LiveEventSource;
  /** Base URL clients (widget embeds, links) reach this server at. */
  publicUrl: string;
  /** OPENLINES_SECRET: channel secrets are encrypted with a key derived from it. */
  appSecret: string;
  user: SessionUser | null;
  /** The language of what the server says to this caller (errors): the user's own, else their browser's. */
  locale: Locale;
  /** Internal hosts the flow simulator's HTTP requests may reach (HTTP_ALLOWED_INTERNAL_HOSTS). */
  httpAllowList: InternalHostAllowList;
  /** Where files' bytes are kept (S3_BUCKET, else DATA_DIR/files). */
  files: FileStore;
  /** The caller's address (TRUSTED_PROXIES rule), kept in the audit log; null outside HTTP. */
  clientAddress: string | null;
}

type DefaultedParts = 'publicUrl' | 'appSecret' | 'taskQueue' | 'httpAllowList' | 'files' | 'locale' | 'clientAddress';

/** A context from explicit parts: used by tests and by the request context below. */
export function createInnerContext(parts: Omit<AppContext, DefaultedParts> & Partial<Pick<AppContext, DefaultedParts>>): AppContext {
  return {
    publicUrl: publicUrl(config),
    taskQueue,
    ...parts,
    appSecret: parts.appSecret ?? appSecret(config, 'encrypts channel secrets'),
    httpAllowList: parts.httpAllowList ?? internalHostAllowList(config.HTTP_ALLOWED_INTERNAL_HOSTS),
    files: parts.files ?? getFileStore(),
    locale: parts.locale ?? parts.user?.locale ?? DEFAULT_LOCALE,
    clientAddress: parts.clientAddress ?? null,
  };
}

/** A context acting as `user` (tests call procedures this way with `appRouter.createCaller`). */
export function createContextForUser(
  parts: Omit<AppContext, DefaultedParts | 'user'> & Partial<Pick<AppContext, DefaultedParts>>,
  user: SessionUser | null,
): AppContext {
  return createInnerContext({ ...parts, user });
}

/** The context of one HTTP request: the process-wide clients plus the caller's session. */
export async function createRequestContext(request: Request): Promise<AppContext> {
  const user = await getSessionUser(getAuth(), request.headers);
  return createInnerContext({
    db: getDb(),
    temporal: getTemporal(),
    liveBus: getLiveBus(requireDatabaseUrl()),
    user,
    locale: user?.locale ?? negotiateLocale(request.headers.get('accept-language')),
    clientAddress: clientAddressOf(request),
  });
}

interface SchemaIssue {
  path?: readonly (PropertyKey | { key: PropertyKey })[];
  message: string;
}

function schemaIssuesOf(cause: unknown): SchemaIssue[] | null {
  if (typeof cause !== 'object' || cause === null || !('issues' in cause)) return null;
  const issues = (cause as { issues: unknown }).issues;
  return Array.isArray(issues) ? (issues as SchemaIssue[]) : null;
}

function fieldNameOf(issue: SchemaIssue): string {
  return (issue.path ?? []).map((part) => String(typeof part === 'object' ? part.key : part)).join('.');
}

/** `{ "distribution.handoffMinutes": ["must be at most 30 minutes"] }` — one entry per invalid field. */
export function fieldErrorsOf(issues: readonly SchemaIssue[]): Record<string, string[]> {
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of issues) {
    const field = fieldNameOf(issue) || 'input';
    (fieldErrors[field] ??= []).push(issue.message);
  }
  return fieldErrors;
}

function describeIssues(issues: readonly SchemaIssue[]): string {
  return issues.map((issue) => (fieldNameOf(issue) ? `${fieldNameOf(issue)}: ${issue.message}` : issue.message)).join('; ');
}

const t = initTRPC.context<AppContext>().create({
  transformer: superjson,
  sse: {
    // Keeps proxies from closing an idle live stream; the client reconnects if pings stop.
    ping: { enabled: true, intervalMs: 15_000 },
    client: { reconnectAfterInactivityMs: 40_000 },
  },
  // What the caller reads is in their language (ctx.locale): see web/server/error-messages.ts.
  errorFormatter({ shape, error, ctx, input }) {
    const locale = ctx?.locale ?? DEFAULT_LOCALE;
    const cause = error.cause;
    const rawIssues = schemaIssuesOf(cause);
    const issues = rawIssues?.map((issue) => ({ ...issue, message: issueMessageIn(issue, input, locale) })) ?? null;
    const appError = cause instanceof AppError ? cause : null;
    const appMessage = appError ? appErrorMessageIn(appError, locale) : null;
    const fieldErrors = issues
      ? fieldErrorsOf(issues)
      : appError?.field
        ? { [appError.field]: [appMessage ?? appError.message] }
        : null;
    // Unexpected failures keep their details in the server log, not in the browser.
    const message =
      error.code === 'INTERNAL_SERVER_ERROR' && config.NODE_ENV === 'production'
        ? translateServerText(englishErrorText('access.serverFailed'), locale)
        : issues && error.code === 'BAD_REQUEST'
          ? describeIssues(issues)
          : (appMessage ?? translateServerText(shape.message, locale));
    return {
      ...shape,
      message,
      data: { ...shape.data, stack: config.NODE_ENV === 'production' ? undefined : shape.data.stack, fieldErrors, details: appError?.details ?? null },
    };
  },
});

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

/**
 * Turns what services throw into tRPC errors: an AppError keeps its code (and so its HTTP status,
 * see httpStatusOf), an invalid input names each field in the message. Both keep the original as
 * `cause`, which the errorFormatter flattens into `data.fieldErrors`.
 */
const errorMapping = t.middleware(async ({ next }) => {
  const result = await next();
  if (result.ok) return result;
  const cause = result.error.cause;
  if (cause instanceof AppError) throw trpcErrorOf(cause);
  const issues = schemaIssuesOf(cause);
  if (issues && result.error.code === 'BAD_REQUEST') {
    throw new TRPCError({ code: 'BAD_REQUEST', message: describeIssues(issues), cause });
  }
  return result;
});

// Each maps to the tRPC code whose HTTP status equals httpStatusOf[code] (domain/errors.ts).
const trpcCodes = {
  BAD_REQUEST: 'BAD_REQUEST',
  UNAUTHORIZED: 'UNAUTHORIZED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  TOO_MANY_REQUESTS: 'TOO_MANY_REQUESTS',
} as const satisfies Record<AppErrorCode, TRPCError['code']>;

export function trpcErrorOf(error: AppError): TRPCError {
  return new TRPCError({ code: trpcCodes[error.code], message: error.message, cause: error });
}

export const publicProcedure = t.procedure.use(errorMapping);

export const protectedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.user) throw new TRPCError({ code: 'UNAUTHORIZED', message: englishErrorText('access.signIn') });
  if (!ctx.user.active) throw new TRPCError({ code: 'FORBIDDEN', message: englishErrorText('access.deactivated') });
  return next({ ctx: { ...ctx, user: ctx.user } });
});

export const adminProcedure = protectedProcedure.use(({ ctx, next }) => {
  if (!canConfigure(ctx.user.role)) throw new TRPCError({ code: 'FORBIDDEN', message: englishErrorText('access.adminsOnly') });
  return next();
});

export const supervisorProcedure = protectedProcedure.use(({ ctx, next }) => {
  if (!seesAllDialogs(ctx.user.role)) throw new TRPCError({ code: 'FORBIDDEN', message: englishErrorText('access.supervisorsOnly') });
  return next();
});
