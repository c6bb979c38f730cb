import { randomUUID } from 'node:crypto';
import type { DialogStatus } from '../../domain/dialog';
import type { LiveEvent } from '../../domain/live-events';
import type { InternalHostAllowList } from '../../domain/network/internal-host-allow-list';
import type { Role } from '../../domain/roles';
import type { Database } from '../../db/client';
import type { SessionUser } from '../../web/server/auth';
import { createContextForUser, type LiveEventSource } from '../../web/server/trpc/init';
import { createCaller } from '../../web/server/trpc/routers/_app';
import { Client, Connection } from '@temporalio/client';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, expect, inject } from 'vitest';
import { createDb } from '../../db/client';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { TEST_SECRET } from '../support/env';

export const PUBLIC_URL = 'http://openlines.test';

export function sessionUser(user: { id: string; email: string; name: string }, role: Role, active = true): SessionUser {
  return { ...user, role, active };
}

/** A live bus the test drives by hand. */
export function manualLiveBus(): LiveEventSource & { emit(event: LiveEvent): void } {
  const listeners = new Set<(event: LiveEvent) => void>();
  return {
    async subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    emit(event) {
      for (const listener of listeners) listener(event);
    },
  };
}

/** The tRPC API as `user` sees it (null: not signed in). */
export interface ApiDeps {
  db: Database;
  temporal: Client;
  taskQueue: string;
  /** Internal hosts the simulator may reach; as HTTP_ALLOWED_INTERNAL_HOSTS (none) when unset. */
  httpAllowList?: InternalHostAllowList;
}

export function apiAs(deps: ApiDeps, user: SessionUser | null, liveBus: LiveEventSource = manualLiveBus(), options: { signal?: AbortSignal } = {}) {
  // Channel secrets are encrypted with the key the test worker decrypts them with.
  return createCaller(createContextForUser({ ...deps, liveBus, publicUrl: PUBLIC_URL, appSecret: TEST_SECRET }, user), options);
}

/** A Temporal client for tests that never reach a workflow (it connects only if used). */
export function idleTemporalClient(): Client {
  return new Client({ connection: Connection.lazy({ address: inject('temporalAddress') }), namespace: 'default' });
}

/**
 * A dialog row written directly (no workflow): for list and permission tests that must not
 * depend on routing timing. Dialogs that need a workflow go through the inbound path instead.
 */
export async function insertDialog(
  db: Database,
  options: { lineId: number; channelId: number; status: DialogStatus; operatorId?: string | null; offeredTo?: string[]; contactName?: string; text?: string },
): Promise<number> {
  const contact = await db
    .insertInto('contacts')
    .values({ name: options.contactName ?? null })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('contact_identities').values({ contact_id: contact.id, channel_id: options.channelId, external_id: randomUUID() }).execute();
  const dialog = await db
    .insertInto('dialogs')
    .values({
      line_id: options.lineId,
      channel_id: options.channelId,
      contact_id: contact.id,
      status: options.status,
      operator_id: options.operatorId ?? null,
      ...(options.status === 'closed' ? { close_reason: 'operator' as const, closed_at: new Date() } : {}),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const userId of options.offeredTo ?? []) {
    await db.insertInto('dialog_offers').values({ dialog_id: dialog.id, user_id: userId }).execute();
  }
  await db
    .insertInto('messages')
    .values({ dialog_id: dialog.id, channel_id: options.channelId, author_kind: 'client', text: options.text ?? 'Hello there', external_id: randomUUID() })
    .execute();
  return dialog.id;
}

export async function countMessages(db: Database, dialogId: number): Promise<number> {
  const row = await db
    .selectFrom('messages')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('dialog_id', '=', dialogId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * A database of its own and a Temporal client that no worker answers, for tests whose calls are
 * refused or read-only: registers its own beforeAll/afterAll. Read `.deps` inside tests.
 */
export function useApiDatabase(): { readonly deps: ApiDeps; readonly databaseUrl: string } {
  let database: TestDatabase | undefined;
  let deps: ApiDeps | undefined;
  beforeAll(async () => {
    database = await createTestDatabase();
    deps = { db: createDb(database.url), temporal: idleTemporalClient(), taskQueue: 'unused' };
  });
  afterAll(async () => {
    await deps?.temporal.connection.close();
    await deps?.db.destroy();
    await database?.destroy();
  });
  return {
    get deps() {
      if (!deps) throw new Error('useApiDatabase(): ready in beforeAll; read it inside a test');
      return deps;
    },
    get databaseUrl() {
      if (!database) throw new Error('useApiDatabase(): ready in beforeAll; read it inside a test');
      return database.url;
    },
  };
}

/** The tRPC error a refused call ends with; fails the test if the call went through. */
export async function rejection(promise: Promise<unknown>): Promise<TRPCError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCError);
  return error as TRPCError;
}
