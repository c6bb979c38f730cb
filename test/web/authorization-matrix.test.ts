import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { TRPCError } from '@trpc/server';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { FLOW_SCHEMA_VERSION, type FlowDocument } from '../../domain/flows/document';
import { defaultLineSettings } from '../../domain/line-settings';
import type { Role } from '../../domain/roles';
import { appRouter } from '../../web/server/trpc/routers/_app';
import { createLine, createUser } from '../support/fixtures';
import { apiAs, insertDialog, sessionUser, useApiDatabase } from './helpers';

/**
 * SPEC §2 for every tRPC procedure, generated from the router itself: a procedure added without a
 * row in `rules` below fails here, and each row is checked against real calls as every role, as a
 * signed-out and as a deactivated caller, with inputs naming a dialog of a line the manager does
 * not serve. Answers must not carry what the caller may not see (the markers below).
 */
const shared = useApiDatabase();

const roles = ['admin', 'director', 'manager'] as const satisfies readonly Role[];
const everyone = roles;
const supervisors = ['admin', 'director'] as const;
const admins = ['admin'] as const;

/** Strings planted where a role must not look: finding one in an answer is a leak. */
const markers = {
  /** Another line's client, message, lead and channel: not for a manager who does not serve it. */
  otherLine: ['Foreign Fiona', 'foreign-message-7f3a', 'foreign-lead-9c2e', 'foreign-channel-41d8'],
  /** An HTTP request node's header: flows are configured by admins only. */
  flowSecret: ['flow-secret-5b7e'],
  /** A colleague's sick leave and its note: for admins (the users page) only. */
  absence: ['absence-note-2e6f', 'sick'],
};
const hiddenFrom: Record<Role, readonly string[]> = {
  admin: [],
  director: [...markers.flowSecret, ...markers.absence],
  manager: [...markers.otherLine, ...markers.flowSecret, ...markers.absence],
};

/** What the calls point at. The manager serves `mine`; `other` is Boris's line. */
interface World {
  users: Record<Role, { id: string; email: string; name: string }>;
  boris: string;
  mine: { lineId: number };
  other: { lineId: number; channelId: number };
  spareLineId: number;
  /** The manager's own dialog; its client also wrote on the other line (a lead there). */
  own: number;
  /** Unassigned, waiting in the manager's line. */
  queuedMine: number;
  /** Dialogs the manager may not see: another line's waiting and assigned ones, a colleague's in their own line. */
  outOfReach: number[];
  flowId: number;
  newFlow(): Promise<number>;
  /** A channel of the spare line with no dialogs (one a call may remove). */
  newChannel(): Promise<number>;
}

interface Rule {
  /** Roles that may call it at all; the others get FORBIDDEN. */
  roles: readonly Role[];
  /**
   * A call each allowed role must get through authorization with (it may still fail for another
   * reason, e.g. CONFLICT when no workflow runs the dialog); roles not allowed make it too.
   */
  input: (w: World) => unknown;
  /** Inputs reaching beyond what a manager may see: FORBIDDEN or NOT_FOUND for managers, allowed for supervisors. */
  beyondManager?: (w: World) => unknown[];
}

const dialogInput = (w: World) => ({ dialogId: w.own });
const outOfReach = (w: World) => w.outOfReach.map((dialogId) => ({ dialogId }));
const none = () => undefined;

const rules: Record<string, Rule> = {
  'inbox.list': { roles: everyone, input: () => ({ tab: 'queue' }), beyondManager: () => [{ tab: 'all' }] },
  'inbox.counts': { roles: everyone, input: none },
  // Filtered by the dialog access rule (test/web/dialog-search.test.ts), never refused.
  'history.search': { roles: everyone, input: () => ({}) },
  'history.filterOptions': { roles: everyone, input: none },

  'dialogs.get': { roles: everyone, input: dialogInput, beyondManager: outOfReach },
  'dialogs.take': { roles: everyone, input: (w) => ({ dialogId: w.queuedMine }), beyondManager: outOfReach },
  'dialogs.skip': { roles: everyone, input: (w) => ({ dialogId: w.queuedMine }), beyondManager: outOfReach },
  'dialogs.reply': { roles: everyone, input: (w) => ({ dialogId: w.own, text: 'Hello' }), beyondManager: (w) => outOfReach(w).map((i) => ({ ...i, text: 'Hello' })) },
  'dialogs.sendTemplate': { roles: everyone, input: dialogInput, beyondManager: outOfReach },
  'dialogs.addNote': { roles: everyone, input: (w) => ({ dialogId: w.own, text: 'Note' }), beyondManager: (w) => outOfReach(w).map((i) => ({ ...i, text: 'Note' })) },
  'dialogs.close': { roles: everyone, input: dialogInput, beyondManager: outOfReach },
  'dialogs.typing': { roles: everyone, input: dialogInput, beyondManager: outOfReach },
  'dialogs.transfer': {
    roles: everyone,
    input: (w) => ({ dialogId: w.own, to: { kind: 'line', lineId: w.other.lineId } }),
    beyondManager: (w) => outOfReach(w).map((i) => ({ ...i, to: { kind: 'line', lineId: w.mine.lineId } })),
  },
  'dialogs.transferTargets': { roles: everyone, input: () => ({ timeZone: 'UTC' }) },
  'dialogs.invite': {
    roles: everyone,
    input: (w) => ({ dialogId: w.own, userId: w.boris }),
    beyondManager: (w) => outOfReach(w).map((i) => ({ ...i, userId: w.users.manager.id })),
  },
  'dialogs.takeOver': { roles: supervisors, input: (w) => ({ dialogId: w.queuedMine }), beyondManager: outOfReach },
  'dialogs.pin': { roles: everyone, input: (w) => ({ dialogId: w.own, pinned: true }), beyondManager: (w) => outOfReach(w).map((i) => ({ ...i, pinned: true })) },
  'dialogs.spam': {
    roles: everyone,
    input: (w) => ({ dialogId: w.own, blockContact: false }),
    beyondManager: (w) => outOfReach(w).map((i) => ({ ...i, blockContact: true })),
  },
  'dialogs.rateAsSupervisor': { roles: supervisors, input: (w) => ({ dialogId: w.own, rating: 4 }), beyondManager: (w) => outOfReach(w).map((i) => ({ ...i, rating: 1 })) },

  'contacts.card': { roles: everyone, input: dialogInput, beyondManager: outOfReach },
  'contacts.setTags': { roles: everyone, input: (w) => ({ dialogId: w.own, tags: ['vip'] }), beyondManager: (w) => outOfReach(w).map((i) => ({ ...i, tags: ['vip'] })) },
  'contacts.createLead': { roles: everyone, input: (w) => ({ dialogId: w.own, title: 'Wants a quote' }), beyondManager: (w) => outOfReach(w).map((i) => ({ ...i, title: 'Wants a quote' })) },
  'contacts.setLeadStatus': { roles: everyone, input: (w) => ({ dialogId: w.own, leadId: 1, status: 'won' }), beyondManager: (w) => outOfReach(w).map((i) => ({ ...i, leadId: 1, status: 'won' })) },
  'contacts.unblock': { roles: everyone, input: dialogInput, beyondManager: outOfReach },
  'contacts.update': { roles: everyone, input: (w) => ({ dialogId: w.own, phone: '+49 30 1234567' }), beyondManager: (w) => outOfReach(w).map((i) => ({ ...i, phone: '+49 30 7654321' })) },

  'lines.list': { roles: admins, input: none },
  'lines.get': { roles: admins, input: (w) => ({ lineId: w.other.lineId }) },
  'lines.create': { roles: admins, input: () => ({ name: 'Matrix line' }) },
  'lines.update': { roles: admins, input: (w) => ({ lineId: w.spareLineId, name: 'Spare', settings: defaultLineSettings(), queue: [] }) },

  'channels.list': { roles: admins, input: (w) => ({ lineId: w.other.lineId }) },
  'channels.create': { roles: admins, input: (w) => ({ lineId: w.spareLineId, kind: 'widget', name: 'Matrix channel' }) },
  'channels.update': { roles: admins, input: (w) => ({ channelId: w.other.channelId, name: 'foreign-channel-41d8', settings: {} }) },
  'channels.setEnabled': { roles: admins, input: (w) => ({ channelId: w.other.channelId, enabled: true }) },
  'channels.remove': { roles: admins, input: async (w) => ({ channelId: await w.newChannel() }) },
  'channels.checkConnection': { roles: admins, input: (w) => ({ channelId: w.other.channelId }) },

  'users.list': { roles: admins, input: none },
  'users.me': { roles: everyone, input: none },
  'users.create': { roles: admins, input: () => ({ name: 'Matrix user', email: `matrix-${Math.random().toString(36).slice(2)}@test.local`, role: 'manager', setup: { kind: 'invitation' } }) },
  'users.setRole': { roles: admins, input: (w) => ({ userId: w.boris, role: 'manager' }) },
  'users.setActive': { roles: admins, input: (w) => ({ userId: w.boris, active: true }) },
  'users.resetPassword': { roles: admins, input: () => ({ userId: 'no-such-user', setup: { kind: 'invitation' } }) },

  'profile.get': { roles: everyone, input: none },
  'profile.update': { roles: everyone, input: () => ({ name: 'Same Name', image: null, locale: 'en' }) },
  'profile.changePassword': { roles: everyone, input: () => ({ currentPassword: 'wrong-password', newPassword: 'new-password-1' }) },

  'live.events': { roles: everyone, input: none },

  'notifications.list': { roles: everyone, input: none },
  'notifications.markRead': { roles: everyone, input: () => ({ all: true }) },
  'notifications.settings': { roles: everyone, input: none },
  'notifications.updateSettings': { roles: everyone, input: () => ({ desktop: true, sound: false, events: { offer: true, clientMessage: true, kpiAlert: false } }) },

  'kpi.violations': { roles: supervisors, input: () => ({}) },
  'kpi.filterOptions': { roles: supervisors, input: none },

  'availability.me': { roles: everyone, input: () => ({ timeZone: 'UTC' }) },
  'availability.setPresence': { roles: everyone, input: () => ({ presence: 'online' }) },
  'availability.startWorkday': { roles: everyone, input: none },
  'availability.startBreak': { roles: everyone, input: none },
  'availability.endBreak': { roles: everyone, input: none },
  'availability.endWorkday': { roles: everyone, input: none },
  'availability.absences.list': { roles: admins, input: () => ({}) },
  'availability.absences.create': {
    roles: admins,
    input: (w) => ({ userId: w.boris, startsAt: '2099-03-01T09:00:00Z', endsAt: '2099-03-02T09:00:00Z', kind: 'other', note: '' }),
  },
  'availability.absences.delete': { roles: admins, input: () => ({ id: 987654 }) },
  'availability.users.listWithAvailability': { roles: admins, input: () => ({ timeZone: 'UTC' }) },

  'flows.list': { roles: admins, input: none },
  'flows.create': { roles: admins, input: () => ({ name: 'Matrix flow', kind: 'bot' }) },
  'flows.get': { roles: admins, input: (w) => ({ flowId: w.flowId }) },
  'flows.saveDraft': { roles: admins, input: async (w) => ({ flowId: await w.newFlow(), document: flowWithSecret() }) },
  'flows.validate': { roles: admins, input: () => ({ document: flowWithSecret() }) },
  'flows.publish': { roles: admins, input: async (w) => ({ flowId: await w.newFlow() }) },
  'flows.versions': { roles: admins, input: (w) => ({ flowId: w.flowId }) },
  'flows.getVersion': { roles: admins, input: (w) => ({ flowId: w.flowId, version: 1 }) },
  'flows.rollback': { roles: admins, input: (w) => ({ flowId: w.flowId, version: 1 }) },
  'flows.exportJson': { roles: admins, input: (w) => ({ flowId: w.flowId }) },
  'flows.importJson': { roles: admins, input: async (w) => ({ flowId: await w.newFlow(), json: JSON.stringify(flowWithSecret()) }) },
  'flows.delete': { roles: admins, input: async (w) => ({ flowId: await w.newFlow() }) },
  'flows.published': { roles: admins, input: () => ({ kind: 'bot' }) },
  'quickAnswers.list': { roles: supervisors, input: () => ({ search: '' }) },
  'quickAnswers.lines': { roles: supervisors, input: none },
  'quickAnswers.create': { roles: supervisors, input: (w) => ({ title: 'Matrix', text: 'Hello', lineId: w.other.lineId }) },
  'quickAnswers.update': { roles: supervisors, input: () => ({ id: 987654, title: 'Matrix', text: 'Hello', lineId: null }) },
  'quickAnswers.delete': { roles: supervisors, input: () => ({ id: 987654 }) },
  'quickAnswers.forDialog': { roles: everyone, input: (w) => ({ dialogId: w.own, search: '' }), beyondManager: (w) => outOfReach(w).map((i) => ({ ...i, search: '' })) },
  'quickAnswers.insert': { roles: everyone, input: (w) => ({ dialogId: w.own, quickAnswerId: 987654 }), beyondManager: (w) => outOfReach(w).map((i) => ({ ...i, quickAnswerId: 987654 })) },
  'flows.simulateHttp': { roles: admins, input: () => ({ method: 'GET', url: 'http://127.0.0.1:9/', headers: {}, body: '', timeoutSeconds: 1 }) },
  // Statistics: everyone reads their own figures; a colleague's are for supervisors.
  'statistics.dashboard': { roles: everyone, input: () => ({ from: '2026-11-01', to: '2026-11-30' }), beyondManager: (w) => [{ from: '2026-11-01', to: '2026-11-30', operatorId: w.boris }] },
  'statistics.filterOptions': { roles: everyone, input: none },
  'flowAnalytics.version': { roles: admins, input: (w) => ({ from: '2026-11-01', to: '2026-11-30', flowId: w.flowId, version: 1 }) },
  'webhooks.list': { roles: admins, input: none },
  'webhooks.create': { roles: admins, input: () => ({ url: 'https://hooks.example.test/openlines', events: ['dialog.closed'] }) },
  'webhooks.update': { roles: admins, input: () => ({ id: 987654, url: 'https://hooks.example.test/openlines', events: ['dialog.closed'] }) },
  'webhooks.delete': { roles: admins, input: () => ({ id: 987654 }) },
  'webhooks.deliveries': { roles: admins, input: () => ({ subscriptionId: 987654 }) },
  'webhooks.redeliver': { roles: admins, input: () => ({ subscriptionId: 987654, deliveryId: 987654 }) },
  'audit.list': { roles: admins, input: () => ({}) },
  // A wrong confirmation: supervisors get through authorization to BAD_REQUEST, and nothing is erased.
  'privacy.eraseContact': {
    roles: supervisors,
    input: (w) => ({ dialogId: w.own, confirmation: 'not the client' }),
    beyondManager: (w) => outOfReach(w).map((i) => ({ ...i, confirmation: 'not the client' })),
  },
  'apiKeys.list': { roles: admins, input: none },
  'apiKeys.create': { roles: admins, input: () => ({ name: 'Matrix key', scopes: ['dialogs:read'] }) },
  'apiKeys.revoke': { roles: admins, input: () => ({ keyId: 987654 }) },
};

/** A bot calling a CRM with a bearer token in a header. */
function flowWithSecret(): FlowDocument {
  return {
    schemaVersion: FLOW_SCHEMA_VERSION,
    kind: 'bot',
    nodes: [
      { id: 'start', kind: 'start', position: { x: 0, y: 0 } },
      {
        id: 'crm',
        kind: 'http_request',
        position: { x: 0, y: 120 },
        method: 'GET',
        url: 'https://crm.example.test/api/clients',
        headers: [{ name: 'Authorization', value: 'Bearer flow-secret-5b7e' }],
        body: '',
        timeoutSeconds: 5,
        idempotent: false,
        responseFields: [],
      },
      { id: 'operators', kind: 'handoff', position: { x: 0, y: 240 }, lineId: null },
    ],
    edges: [
      { id: 'e1', source: 'start', sourceHandle: 'next', target: 'crm' },
      { id: 'e2', source: 'crm', sourceHandle: 'success', target: 'operators' },
      { id: 'e3', source: 'crm', sourceHandle: 'failure', target: 'operators' },
    ],
    variables: [],
  };
}

const procedures = appRouter._def.procedures as unknown as Record<string, { _def: { type: 'query' | 'mutation' | 'subscription' } }>;
const paths = Object.keys(procedures).sort();

/** Inputs naming something that belongs to a line. */
const scopedInputKeys = ['dialogId', 'lineId', 'flowId', 'contactId', 'channelId'];

interface SchemaLike {
  shape?: Record<string, unknown>;
  unwrap?: () => SchemaLike;
  in?: SchemaLike;
}

/** The top-level keys of a procedure's input object (through optional and transform wrappers). */
function inputKeysOf(path: string): string[] {
  const inputs = (procedures[path] as unknown as { _def: { inputs?: SchemaLike[] } })._def.inputs ?? [];
  return inputs.flatMap((schema) => {
    let current: SchemaLike | undefined = schema;
    for (let depth = 0; current && !current.shape && depth < 5; depth++) current = current.unwrap?.() ?? current.in;
    return current?.shape ? Object.keys(current.shape) : [];
  });
}

type Api = ReturnType<typeof apiAs>;
type Outcome = { ok: true; value: unknown } | { ok: false; error: TRPCError };

/** Calls `path` (e.g. "dialogs.get") on the caller; every failure of a direct call is a TRPCError. */
async function call(api: Api, path: string, input: unknown): Promise<Outcome> {
  const procedure = path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], api) as (input: unknown) => Promise<unknown>;
  try {
    return { ok: true, value: await procedure(input) };
  } catch (error) {
    if (!(error instanceof TRPCError)) throw error;
    return { ok: false, error };
  }
}

function describeOutcome(outcome: Outcome): string {
  return outcome.ok ? 'went through' : `${outcome.error.code}: ${outcome.error.message}`;
}

/** Everything an answer shows the caller: the value, or the refusal's message. */
function shown(outcome: Outcome): string {
  if (!outcome.ok) return outcome.error.message;
  // A subscription's answer is its stream: what it yields is checked in live.test.ts.
  if (outcome.value !== null && typeof outcome.value === 'object' && Symbol.asyncIterator in outcome.value) return '';
  return JSON.stringify(outcome.value) ?? '';
}

function expectNoLeak(role: Role, path: string, outcome: Outcome) {
  const text = shown(outcome).toLowerCase();
  const leaked = hiddenFrom[role].filter((marker) => text.includes(marker.toLowerCase()));
  expect(leaked, `${path} as ${role} shows what a ${role} may not see`).toEqual([]);
}

function expectRefused(outcome: Outcome, codes: readonly string[], what: string) {
  expect(outcome.ok ? 'went through' : outcome.error.code, `${what}: ${describeOutcome(outcome)}`).toSatisfy((code: string) => codes.includes(code));
}

function expectNotRefusedByAuthorization(outcome: Outcome, what: string) {
  expect(outcome.ok || !['UNAUTHORIZED', 'FORBIDDEN'].includes(outcome.error.code), `${what} was refused: ${describeOutcome(outcome)}`).toBe(true);
}

let world: World;

beforeAll(async () => {
  const db = shared.deps.db;
  // Calls that get through reach the shared Temporal dev server: dialog ids far above other test
  // files' keep them from touching those files' running dialog workflows (dialog-<id>).
  await sql`select setval(pg_get_serial_sequence('dialogs', 'id'), 1900000000)`.execute(db);
  const users = { admin: await createUser(db, 'admin'), director: await createUser(db, 'director'), manager: await createUser(db, 'manager', 'Mia') };
  const boris = await createUser(db, 'manager', 'Boris');
  const mine = await createLine(db, { operators: [users.manager.id, boris.id], name: 'Sales' });
  const other = await createLine(db, { operators: [boris.id], name: 'Support' });
  const spare = await createLine(db, { name: 'Spare' });
  await db.updateTable('channels').set({ name: 'foreign-channel-41d8' }).where('id', '=', other.channelId).execute();

  const own = await insertDialog(db, { lineId: mine.lineId, channelId: mine.channelId, status: 'in_work', operatorId: users.manager.id, contactName: 'Shared Sam' });
  const { contact_id: sharedContact } = await db.selectFrom('dialogs').select('contact_id').where('id', '=', own).executeTakeFirstOrThrow();
  // The same client wrote on the other line before, and has a lead there.
  await db.insertInto('contact_identities').values({ contact_id: sharedContact, channel_id: other.channelId, external_id: `shared-${sharedContact}` }).execute();
  const earlier = await db
    .insertInto('dialogs')
    .values({ line_id: other.lineId, channel_id: other.channelId, contact_id: sharedContact, status: 'closed', operator_id: boris.id, close_reason: 'operator', closed_at: new Date(), created_at: new Date(Date.now() - 86_400_000) })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('leads').values({ contact_id: sharedContact, dialog_id: earlier.id, line_id: other.lineId, title: 'foreign-lead-9c2e', responsible_user_id: boris.id }).execute();

  const queuedMine = await insertDialog(db, { lineId: mine.lineId, channelId: mine.channelId, status: 'queued' });
  const outOfReach = [
    await insertDialog(db, { lineId: other.lineId, channelId: other.channelId, status: 'queued', contactName: 'Foreign Fiona', text: 'foreign-message-7f3a' }),
    await insertDialog(db, { lineId: other.lineId, channelId: other.channelId, status: 'in_work', operatorId: boris.id, contactName: 'Foreign Fiona', text: 'foreign-message-7f3a' }),
    await insertDialog(db, { lineId: mine.lineId, channelId: mine.channelId, status: 'in_work', operatorId: boris.id }),
  ];

  await db
    .insertInto('user_absences')
    .values({ user_id: boris.id, starts_at: new Date(Date.now() - 3_600_000), ends_at: new Date('2099-01-04T12:00:00Z'), kind: 'sick_leave', note: 'absence-note-2e6f' })
    .execute();

  const adminApi = apiAs(shared.deps, sessionUser(users.admin, 'admin'));
  const newFlow = async () => (await adminApi.flows.create({ name: 'Scratch', kind: 'bot' })).id;
  const flowId = await newFlow();
  await adminApi.flows.saveDraft({ flowId, document: flowWithSecret() });
  await adminApi.flows.publish({ flowId });

  const newChannel = async () => (await adminApi.channels.create({ lineId: spare.lineId, kind: 'widget', name: 'Scratch' })).id;

  world = { users, boris: boris.id, mine, other, spareLineId: spare.lineId, own, queuedMine, outOfReach, flowId, newFlow, newChannel };
});

describe('the authorization matrix', () => {
  it('describes every procedure of the router, and only those', () => {
    const missing = paths.filter((path) => !(path in rules));
    const stale = Object.keys(rules).filter((path) => !(path in procedures));
    expect(
      missing,
      'Add these procedures to `rules` in test/web/authorization-matrix.test.ts: the roles that may call them and, for ' +
        'dialog-, line- or flow-scoped ones, the inputs a manager must be refused — and give each a guard ' +
        '(adminProcedure / supervisorProcedure, or a scope check in its service such as loadDialog).',
    ).toEqual([]);
    expect(stale, 'These rows name procedures the router no longer has: remove them.').toEqual([]);
  });

  it('asks for out-of-scope inputs wherever a manager may name a dialog, line or flow', () => {
    const unscoped = paths.filter((path) => {
      const rule = rules[path];
      return rule?.roles.includes('manager') && !rule.beyondManager && inputKeysOf(path).some((key) => scopedInputKeys.includes(key));
    });
    expect(unscoped, 'Managers may call these with an id of something on another line: give their rows `beyondManager` inputs').toEqual([]);
  });

  it.each(paths)('%s: refuses signed-out and deactivated callers', async (path) => {
    const rule = rules[path];
    if (!rule) return; // reported by the test above
    const input = await rule.input(world);
    expectRefused(await call(apiAs(shared.deps, null), path, input), ['UNAUTHORIZED'], `${path} signed out`);
    for (const role of roles) {
      const outcome = await call(apiAs(shared.deps, sessionUser(world.users[role], role, false)), path, input);
      expectRefused(outcome, ['FORBIDDEN'], `${path} as a deactivated ${role}`);
    }
  });

  it.each(paths)('%s: lets in exactly its roles, within their scope, showing nothing they may not see', async (path) => {
    const rule = rules[path];
    if (!rule) return;
    for (const role of roles) {
      const api = apiAs(shared.deps, sessionUser(world.users[role], role));
      const outcome = await call(api, path, await rule.input(world));
      if (rule.roles.includes(role)) expectNotRefusedByAuthorization(outcome, `${path} as ${role}`);
      else expectRefused(outcome, ['FORBIDDEN'], `${path} as ${role} (only ${rule.roles.join(', ')} may call it)`);
      expectNoLeak(role, path, outcome);

      for (const input of rule.beyondManager?.(world) ?? []) {
        const beyond = await call(api, path, input);
        const what = `${path} as ${role} with ${JSON.stringify(input)}`;
        if (role === 'manager' || !rule.roles.includes(role)) expectRefused(beyond, ['FORBIDDEN', 'NOT_FOUND'], what);
        else expectNotRefusedByAuthorization(beyond, what);
        expectNoLeak(role, path, beyond);
      }
    }
  });
});

/**
 * HTTP route handlers under web/app/api, found on disk: each is listed with who may call it and
 * why. A new route must be added here, and one that is neither public nor a widget visitor's
 * must check the staff session.
 */
const routeAccess: Record<string, { access: 'public' | 'visitor' | 'staff' | 'metrics-token' | 'api-key'; why: string }> = {
  'statistics/[view]': { access: 'staff', why: 'CSV of a statistics view, in the caller’s scope (test/web/statistics.test.ts)' },
  'v1/[...path]': { access: 'api-key', why: 'the public REST API: every operation checks an admin-made key and its scope (test/api/public-api.test.ts)' },
  'v1/openapi.json': { access: 'public', why: 'the OpenAPI document: what the API offers, nothing of its data' },
  'v1/docs': { access: 'public', why: 'the readable reference page of the same document' },
  'auth/[...all]': { access: 'public', why: 'better-auth: sign-in, sign-out and the session itself (sign-up is off)' },
  health: { access: 'public', why: 'liveness probe for load balancers: answers { ok: true } and nothing else' },
  ready: { access: 'public', why: 'readiness probe: says only whether PostgreSQL and Temporal answer' },
  metrics: { access: 'metrics-token', why: 'Prometheus scrape: off without METRICS_TOKEN, else that bearer token (test/web/operability.test.ts)' },
  files: { access: 'staff', why: 'an operator uploads a file for a reply in a dialog they may answer (test/web/files.test.ts)' },
  'quick-answers/files': { access: 'staff', why: 'admins and directors upload a file for a quick answer (test/web/quick-answers.test.ts)' },
  'dialogs/[dialogId]/contact-export': { access: 'staff', why: 'admins and directors download everything stored about a dialog’s client, audited (test/integration/privacy.test.ts)' },
  'files/[fileId]': { access: 'staff', why: 'staff who may see the file’s dialog, or anyone with a signed expiring link (test/web/files.test.ts)' },
  'channels/[channelKey]/webhook': {
    access: 'public',
    why: 'messengers and connectors deliver here; each connector checks its own signature or secret first (401, nothing stored): test/channels/*',
  },
  'invitations/[token]': { access: 'public', why: 'the invitee sets their password with the one-time link; the random token is the proof (test/web/staff-invitations.test.ts)' },
  'trpc/[trpc]': { access: 'staff', why: 'every procedure checks the session and role: the matrix above' },
  'widget/[channelKey]/session': { access: 'public', why: 'a website visitor starts or resumes a chat: issues a visitor token for that channel only' },
  'widget/[channelKey]/messages': { access: 'visitor', why: "the visitor's own chat, by the bearer token session issued" },
  'widget/[channelKey]/stream': { access: 'visitor', why: "the visitor's own chat, by the bearer token session issued" },
  'widget/[channelKey]/rating': { access: 'visitor', why: "the visitor rates their own dialog, by the bearer token session issued" },
  'widget/[channelKey]/files': { access: 'visitor', why: "the visitor sends a file into their own chat, by the bearer token session issued" },
  'widget/[channelKey]/typing': { access: 'visitor', why: "the visitor's own typing in their own dialog, by the bearer token session issued" },
  'widget/[channelKey]/appearance': { access: 'public', why: "widget.js draws the launcher on the host page: colour, position and title, nothing secret" },
};

const apiDir = path.join(__dirname, '../../web/app/api');

function routeFiles(): string[] {
  return readdirSync(apiDir, { recursive: true, encoding: 'utf8' })
    .filter((file) => /(^|\/)route\.tsx?$/.test(file))
    .map((file) => path.dirname(file))
    .sort();
}

describe('HTTP routes', () => {
  it('are each listed with who may call them, and only existing ones', () => {
    const routes = routeFiles();
    expect(routes.length).toBeGreaterThan(0);
    expect(
      routes.filter((route) => !(route in routeAccess)),
      'Add these routes under web/app/api to `routeAccess` in test/web/authorization-matrix.test.ts with who may call ' +
        'them and why; unless public by design, check the staff session (getSessionUser) or the widget visitor token.',
    ).toEqual([]);
    expect(Object.keys(routeAccess).filter((route) => !routes.includes(route))).toEqual([]);
  });

  it.each(Object.entries(routeAccess).filter(([, rule]) => rule.access !== 'public'))('%s checks who is calling', (route, rule) => {
    const source = readFileSync(path.join(apiDir, route, 'route.ts'), 'utf8');
    if (rule.access === 'staff') {
      expect(source, `${route} must read the staff session`).toMatch(/createRequestContext\(|getSessionUser\(/);
      return;
    }
    if (rule.access === 'api-key') {
      expect(source, `${route} must go through the API handler, which checks the key`).toContain('handleApiRequest(');
      expect(readFileSync(path.join(__dirname, '../../web/server/api/handle.ts'), 'utf8')).toContain('authenticateApiKey(');
      return;
    }
    if (rule.access === 'metrics-token') {
      expect(source, `${route} must check the metrics token`).toContain('checkMetricsAccess(');
      return;
    }
    // A visitor route hands the request to widget handlers, and each of those authenticates the token.
    const handlerModules = [...source.matchAll(/from '[./]+server\/channels\/widget\/([\w-]+)'/g)].map((m) => m[1]).filter((name) => name !== 'runtime');
    expect(handlerModules.length, `${route} should delegate to a handler in web/server/channels/widget`).toBeGreaterThan(0);
    for (const name of handlerModules) {
      const handler = readFileSync(path.join(__dirname, '../../web/server/channels/widget', `${name}.ts`), 'utf8');
      expect(handler, `web/server/channels/widget/${name}.ts must call authenticateVisitor`).toContain('authenticateVisitor(');
    }
  });
});
