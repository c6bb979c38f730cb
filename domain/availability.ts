import { z } from 'zod';
import { englishErrorText } from './error-messages';

/**
 * SPEC §3 availability check and §5 presence: who may receive a new dialog. The same rule runs
 * in SQL for routing (db/queries/availability.ts, availableUserIdsAmong); change both together.
 */
export const presenceSchema = z.enum(['online', 'away', 'offline'], { error: englishErrorText('availability.presence') });
export type Presence = z.infer<typeof presenceSchema>;

export const workdaySchema = z.enum(['not_started', 'working', 'on_break', 'finished']);
export type Workday = z.infer<typeof workdaySchema>;

export const absenceKindSchema = z.enum(['vacation', 'sick_leave', 'other'], { error: englishErrorText('availability.absenceKind') });
export type AbsenceKind = z.infer<typeof absenceKindSchema>;

export const presenceLabels: Record<Presence, string> = { online: 'Online', away: 'Away', offline: 'Offline' };
export const workdayLabels: Record<Workday, string> = {
  not_started: 'Day not started',
  working: 'Working',
  on_break: 'On a break',
  finished: 'Day finished',
};
export const absenceKindLabels: Record<AbsenceKind, string> = { vacation: 'Vacation', sick_leave: 'Sick leave', other: 'Other absence' };

/** What a user without a stored state is: offline, working day not started. */
export const defaultOperatorState: { presence: Presence; workday: Workday } = { presence: 'offline', workday: 'not_started' };

export interface AbsencePeriod {
  /** ISO date-times; the absence covers startsAt <= t < endsAt. */
  startsAt: string;
  endsAt: string;
  /** Only for the wording of the reason ("On vacation until …"); absent means "other". */
  kind?: AbsenceKind;
}

export interface OperatorAvailabilityInput {
  active: boolean;
  presence: Presence;
  workday: Workday;
  absences: readonly AbsencePeriod[];
}

export function isAbsenceCurrent(absence: Pick<AbsencePeriod, 'startsAt' | 'endsAt'>, at: Date): boolean {
  const t = at.getTime();
  return Date.parse(absence.startsAt) <= t && t < Date.parse(absence.endsAt);
}

/** The absence covering `at` that lasts longest (overlapping absences: the later end is the one that matters). */
export function currentAbsence<A extends AbsencePeriod>(absences: readonly A[], at: Date): A | undefined {
  let found: A | undefined;
  for (const absence of absences) {
    if (isAbsenceCurrent(absence, at) && (!found || Date.parse(absence.endsAt) > Date.parse(found.endsAt))) found = absence;
  }
  return found;
}

/** Eligible for new dialogs (when a line's availability check is on). */
export function isOperatorAvailable(input: OperatorAvailabilityInput, at: Date): boolean {
  return input.active && input.presence === 'online' && input.workday === 'working' && currentAbsence(input.absences, at) === undefined;
}

/** Why someone gets no new dialogs, as data: the UI words it in the viewer's language. */
export const availabilityReasonCodeSchema = z.discriminatedUnion('key', [
  z.object({ key: z.enum(['deactivated', 'offline', 'away', 'not_started', 'on_break', 'finished']) }),
  /** `kind` null: the viewer may not know which (colleagues see "Absent until …"). */
  z.object({ key: z.literal('absent'), kind: absenceKindSchema.nullable(), until: z.date() }),
]);
export type AvailabilityReasonCode = z.infer<typeof availabilityReasonCodeSchema>;

/** Why the operator gets no new dialogs (null when available): presence first, then the working day. */
export function availabilityReasonCode(input: OperatorAvailabilityInput, at: Date): AvailabilityReasonCode | null {
  if (!input.active) return { key: 'deactivated' };
  const absence = currentAbsence(input.absences, at);
  if (absence) return { key: 'absent', kind: absence.kind ?? null, until: new Date(absence.endsAt) };
  if (input.presence === 'offline') return { key: 'offline' };
  if (input.presence === 'away') return { key: 'away' };
  if (input.workday === 'not_started') return { key: 'not_started' };
  if (input.workday === 'on_break') return { key: 'on_break' };
  if (input.workday === 'finished') return { key: 'finished' };
  return null;
}

const reasonWording: Record<Exclude<AvailabilityReasonCode['key'], 'absent'>, string> = {
  deactivated: 'Account deactivated',
  offline: 'Offline',
  away: 'Away',
  not_started: 'Working day not started',
  on_break: 'On a break',
  finished: 'Working day finished',
};

/**
 * Why the operator gets no new dialogs, in a few English words (API, logs; the UI words the
 * reason code itself): "Away", "On vacation until 2 Dec"; null when available. Dates are written
 * in `timeZone` (default UTC), and an absence ending the same day shows its time ("until 14:00").
 */
export function availabilityReason(input: OperatorAvailabilityInput, at: Date, options: { timeZone?: string } = {}): string | null {
  const code = availabilityReasonCode(input, at);
  if (!code) return null;
  if (code.key !== 'absent') return reasonWording[code.key];
  return `${absenceWording[code.kind ?? 'other']} until ${formatUntil(code.until, at, options.timeZone ?? 'UTC')}`;
}

const absenceWording: Record<AbsenceKind, string> = { vacation: 'On vacation', sick_leave: 'On sick leave', other: 'Absent' };

/**
 * A colleague's availability as other staff see it (transfer and invite pickers): an absence is
 * "Absent until 2 Dec" whatever its kind — whether it is a vacation or a sick leave is for admins
 * (the users page) only.
 */
export function colleagueAvailability(
  input: OperatorAvailabilityInput,
  at: Date,
  options: { timeZone?: string } = {},
): { available: boolean; status: OperatorStatus; reason: string | null; reasonCode: AvailabilityReasonCode | null } {
  const withoutKinds = { ...input, absences: input.absences.map((a) => ({ startsAt: a.startsAt, endsAt: a.endsAt })) };
  const absent = input.active && currentAbsence(withoutKinds.absences, at) !== undefined;
  return {
    available: isOperatorAvailable(input, at),
    status: absent ? { key: 'absent', label: 'Absent', tone: 'red' } : operatorStatus(withoutKinds, at),
    reason: availabilityReason(withoutKinds, at, options),
    reasonCode: availabilityReasonCode(withoutKinds, at),
  };
}

function formatUntil(end: Date, at: Date, timeZone: string): string {
  const day = new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: 'short', day: 'numeric' });
  if (day.format(end) === day.format(at)) {
    return new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(end);
  }
  const sameYear = new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric' });
  const withYear = sameYear.format(end) !== sameYear.format(at);
  return new Intl.DateTimeFormat('en-GB', { timeZone, day: 'numeric', month: 'short', ...(withYear ? { year: 'numeric' } : {}) }).format(end);
}

export type StatusTone = 'green' | 'amber' | 'red' | 'gray';

/** Which one-word state a person is in: the UI's catalogue words it (common.team.status). */
export const statusKeySchema = z.enum(['deactivated', 'vacation', 'sick_leave', 'other', 'absent', 'offline', 'away', 'on_break', 'not_started', 'finished', 'online']);
export type StatusKey = z.infer<typeof statusKeySchema>;
export interface OperatorStatus {
  key: StatusKey;
  /** English, for the API and logs. */
  label: string;
  tone: StatusTone;
}

/**
 * The one-word state shown next to a person (top bar, admin users table): presence first, then
 * the working day, since "Online" means little while the day has not started.
 */
export function operatorStatus(input: OperatorAvailabilityInput, at: Date): OperatorStatus {
  if (!input.active) return { key: 'deactivated', label: 'Deactivated', tone: 'gray' };
  const absence = currentAbsence(input.absences, at);
  if (absence) return { key: absence.kind ?? 'other', label: absenceKindLabels[absence.kind ?? 'other'], tone: 'red' };
  if (input.presence === 'offline') return { key: 'offline', label: 'Offline', tone: 'gray' };
  if (input.presence === 'away') return { key: 'away', label: 'Away', tone: 'amber' };
  if (input.workday === 'on_break') return { key: 'on_break', label: 'On a break', tone: 'amber' };
  if (input.workday === 'not_started') return { key: 'not_started', label: 'Day not started', tone: 'gray' };
  if (input.workday === 'finished') return { key: 'finished', label: 'Day finished', tone: 'gray' };
  return { key: 'online', label: 'Online', tone: 'green' };
}

export type WorkdayAction = 'start' | 'startBreak' | 'endBreak' | 'end';

/**
 * The working day as a state machine: the next state, or why the step is not possible now
 * (the message is shown to the operator as is).
 */
export function nextWorkday(current: Workday, action: WorkdayAction): { ok: true; workday: Workday } | { ok: false; problem: string } {
  switch (action) {
    case 'start':
      if (current === 'working') return { ok: false, problem: englishErrorText('availability.alreadyStarted') };
      if (current === 'on_break') return { ok: false, problem: englishErrorText('availability.onBreakAlreadyStarted') };
      return { ok: true, workday: 'working' };
    case 'startBreak':
      if (current === 'on_break') return { ok: false, problem: englishErrorText('availability.alreadyOnBreak') };
      if (current !== 'working') return { ok: false, problem: englishErrorText('availability.startBeforeBreak') };
      return { ok: true, workday: 'on_break' };
    case 'endBreak':
      if (current !== 'on_break') return { ok: false, problem: englishErrorText('availability.noBreakToEnd') };
      return { ok: true, workday: 'working' };
    case 'end':
      if (current === 'not_started') return { ok: false, problem: englishErrorText('availability.notStartedCannotEnd') };
      if (current === 'finished') return { ok: false, problem: englishErrorText('availability.alreadyEnded') };
      return { ok: true, workday: 'finished' };
  }
}

export const ABSENCE_NOTE_MAX_LENGTH = 500;

const dateTimeSchema = z
  .string({ error: englishErrorText('field.dateTime') })
  .min(1, englishErrorText('availability.dateTimeRequired'))
  .pipe(z.iso.datetime({ offset: true, error: englishErrorText('field.dateTime') }));

/** An absence as an admin enters it; date-times are ISO strings with an offset. */
export const absenceInputSchema = z
  .object({
    userId: z.string({ error: englishErrorText('field.userId') }).min(1, englishErrorText('field.userId')),
    startsAt: dateTimeSchema,
    endsAt: dateTimeSchema,
    kind: absenceKindSchema,
    note: z.string().trim().max(ABSENCE_NOTE_MAX_LENGTH, englishErrorText('field.maxChars', { max: String(ABSENCE_NOTE_MAX_LENGTH) })).default(''),
  })
  .refine((a) => Date.parse(a.endsAt) > Date.parse(a.startsAt), { path: ['endsAt'], message: englishErrorText('availability.endAfterStart') });
export type AbsenceInput = z.input<typeof absenceInputSchema>;

export function isKnownTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * A working day nobody ended ends by itself: once this long has passed since the operator's last
 * working-day step (start, break, end of break), the availability clock finishes it. Longer than
 * any real shift with overtime; short enough that a day left running in the evening is over
 * well before the next morning's shift, instead of the operator staying "working" for days.
 */
export const UNATTENDED_WORKDAY_HOURS = 16;

/** Whether the working day should be finished automatically at `at`: still running (working or on a break) and unattended too long. */
export function isWorkdayUnattended(state: { workday: Workday; workdayChangedAt: Date | null }, at: Date): boolean {
  if (state.workday !== 'working' && state.workday !== 'on_break') return false;
  return state.workdayChangedAt !== null && at.getTime() - state.workdayChangedAt.getTime() >= UNATTENDED_WORKDAY_HOURS * 3_600_000;
}
