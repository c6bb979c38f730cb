import type { Client } from '@temporalio/client';
import {
  absenceInputSchema,
  availabilityReason,
  availabilityReasonCode,
  currentAbsence,
  isOperatorAvailable,
  nextWorkday,
  operatorStatus,
  type AbsenceInput,
  type AbsenceKind,
  type AvailabilityReasonCode,
  type OperatorAvailabilityInput,
  type OperatorStatus,
  type Presence,
  type Workday,
  type WorkdayAction,
} from '../../../domain/availability';
import { AppError } from '../../../domain/errors';
import { errorMessage } from '../../../domain/error-messages';
import type { Role } from '../../../domain/roles';
import type { Database } from '../../../db/client';
import {
  deleteAbsence,
  getOperatorState,
  insertAbsence,
  listAbsences,
  listUsersWithState,
  lockAbsence,
  lockOperatorState,
  upsertOperatorState,
  type AbsenceRow,
} from '../../../db/queries/availability';
import { lineIdsOfMember } from '../../../db/queries/lines';
import { findUserActive, findUserNames, lockUserForShare } from '../../../db/queries/users';
import type { Actor } from './actor';
import { dispatchWaitingDialogs, tellDialogsOperatorUnavailable } from './routing-wake';

export interface AvailabilityDeps {
  db: Database;
  temporal: Client;
}

/** An absence as admins see it: who set it, by name. */
export type AbsenceView = Omit<AbsenceRow, 'createdBy'> & { createdByName: string | null };

/** Someone's availability as the UI shows it. */
export interface AvailabilityView {
  presence: Presence;
  workday: Workday;
  available: boolean;
  /** One word or two next to the person ("Online", "On a break", "Vacation"). */
  status: OperatorStatus;
  /** Why no new dialogs reach them ("Away", "On vacation until 2 Dec"); null when available. */
  reason: string | null;
  /** The same as data, for the UI to word in the viewer's language. */
  reasonCode: AvailabilityReasonCode | null;
  currentAbsence: AbsenceView | null;
  /** The next absence that has not started yet. */
  nextAbsence: AbsenceView | null;
}

/** What a change did to the dialogs: for tests and logs (the UI refetches). */
export interface AvailabilityChange {
  state: { presence: Presence; workday: Workday; available: boolean };
  /** Dialogs told that this operator became unavailable (operatorUnavailable). */
  signalled: number[];
  /** Waiting dialogs of the operator's lines their dispatchers offered. */
  woken: number[];
}

interface ViewOptions {
  /** IANA zone the reason's dates are written in (the viewer's browser zone); default UTC. */
  timeZone?: string;
}

export async function getMyAvailability(deps: Pick<AvailabilityDeps, 'db'>, actor: Actor, options: ViewOptions = {}): Promise<AvailabilityView> {
  const at = new Date();
  const [state, user, absences] = await Promise.all([
    getOperatorState(deps.db, actor.id),
    findUserActive(deps.db, actor.id),
    listAbsences(deps.db, { userIds: [actor.id], endingAfter: at }),
  ]);
  return availabilityView({ active: user?.active ?? false, presence: state.presence, workday: state.workday }, await withCreatorNames(deps.db, absences), at, options);
}

export async function setMyPresence(deps: AvailabilityDeps, actor: Actor, presence: Presence): Promise<AvailabilityChange> {
  return changeOwnState(deps, actor, (state) => (state.presence === presence ? {} : { presence }));
}

/** startWorkday / startBreak / endBreak / endWorkday: refused with the reason when out of order. */
export async function stepMyWorkday(deps: AvailabilityDeps, actor: Actor, action: WorkdayAction): Promise<AvailabilityChange> {
  return changeOwnState(deps, actor, (state) => {
    const next = nextWorkday(state.workday, action);
    if (!next.ok) throw new AppError('BAD_REQUEST', next.problem, 'workday');
    return { workday: next.workday };
  });
}

/**
 * Applies a change to the operator's own state under a row lock, then tells the dialogs when
 * availability flipped: available → not: their offered and assigned dialogs (SPEC §4 rule 4);
 * not → available: the queued dialogs of their lines (rule 3, "the moment capacity appears").
 */
async function changeOwnState(
  deps: AvailabilityDeps,
  actor: Actor,
  change: (state: { presence: Presence; workday: Workday }) => { presence?: Presence; workday?: Workday },
): Promise<AvailabilityChange> {
  const at = new Date();
  const { before, after } = await deps.db.transaction().execute(async (trx) => {
    const state = await lockOperatorState(trx, actor.id);
    const next = change(state);
    await upsertOperatorState(trx, actor.id, next, at);
    const [user, absences] = await Promise.all([findUserActive(trx, actor.id), listAbsences(trx, { userIds: [actor.id], endingAfter: at })]);
    const base = { active: user?.active ?? false, absences: absences.map(absencePeriod) };
    return {
      before: { ...base, presence: state.presence, workday: state.workday },
      after: { ...base, presence: next.presence ?? state.presence, workday: next.workday ?? state.workday },
    };
  });
  const { signalled, woken } = await tellDialogsIfAvailabilityFlipped(deps, actor.id, before, after, at);
  return { state: { presence: after.presence, workday: after.workday, available: isOperatorAvailable(after, at) }, signalled, woken };
}

async function tellDialogsIfAvailabilityFlipped(
  deps: AvailabilityDeps,
  userId: string,
  before: OperatorAvailabilityInput,
  after: OperatorAvailabilityInput,
  at: Date,
): Promise<{ signalled: number[]; woken: number[] }> {
  const was = isOperatorAvailable(before, at);
  const is = isOperatorAvailable(after, at);
  if (was && !is) return { signalled: await tellDialogsOperatorUnavailable(deps, userId), woken: [] };
  if (!was && is) return { signalled: [], woken: await dispatchWaitingDialogs(deps, await lineIdsOfMember(deps.db, userId)) };
  return { signalled: [], woken: [] };
}

// ---- Absences (admins only: the router checks) ----

export async function listAbsencesForAdmin(
  deps: Pick<AvailabilityDeps, 'db'>,
  filter: { userId?: string; includePast?: boolean } = {},
): Promise<AbsenceView[]> {
  const rows = await listAbsences(deps.db, {
    ...(filter.userId ? { userIds: [filter.userId] } : {}),
    ...(filter.includePast ? {} : { endingAfter: new Date() }),
  });
  return withCreatorNames(deps.db, rows);
}

export async function createAbsence(deps: AvailabilityDeps, actor: Actor, input: AbsenceInput): Promise<{ id: number; signalled: number[] }> {
  const absence = absenceInputSchema.parse(input);
  const at = new Date();
  const { id, before, after } = await deps.db.transaction().execute(async (trx) => {
    const user = await lockUserForShare(trx, absence.userId);
    if (!user) throw new AppError('BAD_REQUEST', errorMessage('availability.userMissing'), 'userId');
    const state = await getOperatorState(trx, user.id);
    const existing = await listAbsences(trx, { userIds: [user.id], endingAfter: at });
    const id = await insertAbsence(trx, {
      userId: user.id,
      startsAt: new Date(absence.startsAt),
      endsAt: new Date(absence.endsAt),
      kind: absence.kind,
      note: absence.note || null,
      createdBy: actor.id,
    });
    const base = { active: user.active, presence: state.presence, workday: state.workday };
    const periods = existing.map(absencePeriod);
    return { id, before: { ...base, absences: periods }, after: { ...base, absences: [...periods, { startsAt: absence.startsAt, endsAt: absence.endsAt }] } };
  });
  const { signalled } = await tellDialogsIfAvailabilityFlipped(deps, absence.userId, before, after, at);
  return { id, signalled };
}

/** Deleting a current absence ends it now: the operator's lines hear it if that makes them available. */
export async function removeAbsence(deps: AvailabilityDeps, absenceId: number): Promise<{ woken: number[] }> {
  const at = new Date();
  const { userId, before, after } = await deps.db.transaction().execute(async (trx) => {
    const absence = await lockAbsence(trx, absenceId);
    if (!absence) throw new AppError('NOT_FOUND', errorMessage('availability.absenceMissing', { id: String(absenceId) }), 'id');
    const [user, state, absencesBefore] = await Promise.all([
      findUserActive(trx, absence.userId),
      getOperatorState(trx, absence.userId),
      listAbsences(trx, { userIds: [absence.userId], endingAfter: at }),
    ]);
    await deleteAbsence(trx, absenceId);
    const base = { active: user?.active ?? false, presence: state.presence, workday: state.workday };
    return {
      userId: absence.userId,
      before: { ...base, absences: absencesBefore.map(absencePeriod) },
      after: { ...base, absences: absencesBefore.filter((a) => a.id !== absenceId).map(absencePeriod) },
    };
  });
  const { woken } = await tellDialogsIfAvailabilityFlipped(deps, userId, before, after, at);
  return { woken };
}

export interface UserWithAvailability extends AvailabilityView {
  id: string;
  name: string;
  email: string;
  role: Role;
  active: boolean;
}

/** The admin users page: everyone with presence, working day and current/next absence. */
export async function listUsersWithAvailability(deps: Pick<AvailabilityDeps, 'db'>, options: ViewOptions = {}): Promise<UserWithAvailability[]> {
  const at = new Date();
  const [users, absences] = await Promise.all([listUsersWithState(deps.db), listAbsences(deps.db, { endingAfter: at })]);
  const views = await withCreatorNames(deps.db, absences);
  const byUser = new Map<string, AbsenceView[]>();
  for (const view of views) byUser.set(view.userId, [...(byUser.get(view.userId) ?? []), view]);
  return users.map((user) => ({
    id: user.id,
    name: user.name,
    email: user.email,
    role: user.role,
    active: user.active,
    ...availabilityView(user, byUser.get(user.id) ?? [], at, options),
  }));
}

function availabilityView(
  person: { active: boolean; presence: Presence; workday: Workday },
  absences: readonly AbsenceView[],
  at: Date,
  options: ViewOptions,
): AvailabilityView {
  const input: OperatorAvailabilityInput = { ...person, absences: absences.map(absencePeriod) };
  const current = currentAbsence(
    absences.map((a) => ({ ...absencePeriod(a), view: a })),
    at,
  );
  const next = absences.filter((a) => a.startsAt.getTime() > at.getTime()).sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime())[0];
  return {
    presence: person.presence,
    workday: person.workday,
    available: isOperatorAvailable(input, at),
    status: operatorStatus(input, at),
    reason: availabilityReason(input, at, options),
    reasonCode: availabilityReasonCode(input, at),
    currentAbsence: current?.view ?? null,
    nextAbsence: next ?? null,
  };
}

function absencePeriod(absence: { startsAt: Date; endsAt: Date; kind: AbsenceKind }) {
  return { startsAt: absence.startsAt.toISOString(), endsAt: absence.endsAt.toISOString(), kind: absence.kind };
}

async function withCreatorNames(db: Database, rows: readonly AbsenceRow[]): Promise<AbsenceView[]> {
  const names = await findUserNames(db, rows.flatMap((r) => (r.createdBy ? [r.createdBy] : [])));
  return rows.map(({ createdBy, ...row }) => ({ ...row, createdByName: createdBy ? (names.get(createdBy) ?? null) : null }));
}
