import type { inferRouterOutputs } from '@trpc/server';
import type { DistributionMode, LineSettings } from '../../../domain/line-settings';
import type { AppRouter } from '../../server/trpc/routers/_app';
import { minutesOf, toDurationDraft, type DurationDraft } from './duration';
import type { QueueMember } from './QueueEditor';

export type LineDetails = inferRouterOutputs<AppRouter>['lines']['get'];

/** The editable form: numbers stay strings while typed, so a half-typed value is not lost. */
export interface LineForm {
  name: string;
  distribution: DistributionForm;
  greeting: LineSettings['greeting'];
  noAnswer: Omit<LineSettings['noAnswer'], 'minutes'> & { after: DurationDraft };
  workingHours: LineSettings['workingHours'];
  closing: { text: string; reopenWindow: DurationDraft };
  autoClose: { enabled: boolean; after: DurationDraft };
  expiry: { after: DurationDraft };
  rating: Omit<LineSettings['rating'], 'timeLimitMinutes'> & { timeLimit: DurationDraft };
  crm: LineSettings['crm'];
  kpi: KpiForm;
  flows: FlowsForm;
  operatorDisplay: LineSettings['operatorDisplay'];
  retention: RetentionForm;
  queue: QueueMember[];
}

/** "Delete closed dialogs older than N days": off keeps dialogs forever. */
export interface RetentionForm {
  enabled: boolean;
  days: string;
}

/** The days offered when retention is switched on for the first time. */
const DEFAULT_RETENTION_DAYS = 365;

/** SPEC §3 welcome bot and routing flow; the bot's timeout is typed like the other durations. */
export interface FlowsForm {
  routingFlowId: number | null;
  welcomeBot: Omit<LineSettings['flows']['welcomeBot'], 'timeoutMinutes'> & { timeout: DurationDraft };
}

export interface KpiForm {
  firstAnswer: KpiLimitForm;
  furtherAnswer: KpiLimitForm;
  alertUserIds: string[];
}

export interface KpiLimitForm {
  enabled: boolean;
  after: DurationDraft;
}

export interface DistributionForm {
  mode: DistributionMode;
  handoffMinutes: string;
  availabilityCheck: boolean;
  limit: { enabled: boolean; maxOpenDialogs: string; countWaitingForClient: boolean };
}

/** One section's slice of the form, how to change it, and the server's message for a field. */
export interface SectionProps<T> {
  value: T;
  onChange: (changes: Partial<T>) => void;
  error: (field: string) => string | null;
}

export function toForm(line: LineDetails): LineForm {
  const { settings } = line;
  const { timeLimitMinutes, ...rating } = settings.rating;
  const { minutes: noAnswerMinutes, ...noAnswer } = settings.noAnswer;
  const { mode, handoffMinutes, availabilityCheck, limit } = settings.distribution;
  return {
    name: line.name,
    distribution: {
      mode,
      handoffMinutes: String(handoffMinutes),
      availabilityCheck,
      limit: { enabled: limit.enabled, maxOpenDialogs: String(limit.maxOpenDialogs), countWaitingForClient: limit.countWaitingForClient },
    },
    greeting: { ...settings.greeting },
    noAnswer: { ...noAnswer, after: toDurationDraft(noAnswerMinutes) },
    workingHours: structuredClone(settings.workingHours),
    closing: { text: settings.closing.text, reopenWindow: toDurationDraft(settings.closing.reopenWindowMinutes) },
    autoClose: { enabled: settings.autoClose.enabled, after: toDurationDraft(settings.autoClose.afterMinutes) },
    expiry: { after: toDurationDraft(settings.expiry.afterMinutes) },
    rating: { ...rating, timeLimit: toDurationDraft(timeLimitMinutes) },
    crm: { ...settings.crm },
    kpi: {
      firstAnswer: { enabled: settings.kpi.firstAnswer.enabled, after: toDurationDraft(settings.kpi.firstAnswer.minutes) },
      furtherAnswer: { enabled: settings.kpi.furtherAnswer.enabled, after: toDurationDraft(settings.kpi.furtherAnswer.minutes) },
      alertUserIds: [...settings.kpi.alertUserIds],
    },
    flows: toFlowsForm(settings.flows),
    operatorDisplay: { ...settings.operatorDisplay },
    retention: { enabled: line.retentionDays !== null, days: String(line.retentionDays ?? DEFAULT_RETENTION_DAYS) },
    queue: line.queue,
  };
}

function toNumber(value: string): number {
  return value.trim() === '' ? Number.NaN : Number(value);
}

/** The whole settings object for `lines.update`: settings this form does not show are kept as they are. */
export function toSettings(form: LineForm, original: LineSettings): LineSettings {
  const { timeLimit, ...rating } = form.rating;
  const { after: noAnswerAfter, ...noAnswer } = form.noAnswer;
  return {
    ...original,
    distribution: toDistribution(form.distribution, original.distribution),
    greeting: { ...original.greeting, ...form.greeting },
    noAnswer: { ...original.noAnswer, ...noAnswer, minutes: minutesOf(noAnswerAfter) },
    workingHours: toWorkingHours(form.workingHours, original.workingHours),
    closing: { ...original.closing, text: form.closing.text, reopenWindowMinutes: minutesOf(form.closing.reopenWindow) },
    autoClose: { ...original.autoClose, enabled: form.autoClose.enabled, afterMinutes: minutesOf(form.autoClose.after) },
    expiry: { ...original.expiry, afterMinutes: minutesOf(form.expiry.after) },
    rating: { ...original.rating, ...rating, timeLimitMinutes: minutesOf(timeLimit) },
    crm: { ...original.crm, ...form.crm },
    kpi: {
      ...original.kpi,
      firstAnswer: toKpiLimit(form.kpi.firstAnswer, original.kpi.firstAnswer),
      furtherAnswer: toKpiLimit(form.kpi.furtherAnswer, original.kpi.furtherAnswer),
      alertUserIds: form.kpi.alertUserIds,
    },
    flows: toFlowSettings(form.flows, original.flows),
    operatorDisplay: toOperatorDisplay(form.operatorDisplay, original.operatorDisplay),
  };
}

/** `retentionDays` for `lines.update`: null when switched off, so the days typed can't refuse the save. */
export function toRetentionDays(form: RetentionForm): number | null {
  return form.enabled ? toNumber(form.days) : null;
}

/** The line's name and picture are shown only for "one name for the line"; otherwise the stored ones are kept. */
function toOperatorDisplay(form: LineForm['operatorDisplay'], original: LineSettings['operatorDisplay']): LineSettings['operatorDisplay'] {
  return form.mode === 'line' ? form : { ...original, mode: form.mode };
}

function toFlowsForm(flows: LineSettings['flows']): FlowsForm {
  const { timeoutMinutes, ...welcomeBot } = flows.welcomeBot;
  return { routingFlowId: flows.routingFlowId, welcomeBot: { ...welcomeBot, timeout: toDurationDraft(timeoutMinutes) } };
}

/** Without a welcome bot its timeout is not shown, so the stored value is kept and can't refuse the save. */
function toFlowSettings(form: FlowsForm, original: LineSettings['flows']): LineSettings['flows'] {
  const { timeout, ...welcomeBot } = form.welcomeBot;
  return {
    ...original,
    routingFlowId: form.routingFlowId,
    welcomeBot: { ...original.welcomeBot, ...welcomeBot, timeoutMinutes: welcomeBot.flowId === null ? original.welcomeBot.timeoutMinutes : minutesOf(timeout) },
  };
}

/** The out-of-hours bot is kept only while that action is chosen: a hidden choice would still hold on to the flow. */
function toWorkingHours(form: LineForm['workingHours'], original: LineSettings['workingHours']): LineSettings['workingHours'] {
  const { outOfHours } = form;
  return { ...original, ...form, outOfHours: { ...outOfHours, botFlowId: outOfHours.action === 'run_bot' ? outOfHours.botFlowId : null } };
}

/** A limit switched off keeps its stored minutes, so a half-typed value can't refuse the save. */
function toKpiLimit(form: KpiLimitForm, original: LineSettings['kpi']['firstAnswer']): LineSettings['kpi']['firstAnswer'] {
  return { ...original, enabled: form.enabled, minutes: form.enabled ? minutesOf(form.after) : original.minutes };
}

/** A field the editor hides (hand-off for "all", the maximum while the limit is off) sends what is stored, so it can't refuse the save. */
function toDistribution(form: DistributionForm, original: LineSettings['distribution']): LineSettings['distribution'] {
  const { limit } = form;
  return {
    ...original,
    mode: form.mode,
    handoffMinutes: form.mode === 'all' ? original.handoffMinutes : toNumber(form.handoffMinutes),
    availabilityCheck: form.availabilityCheck,
    limit: {
      ...original.limit,
      enabled: limit.enabled,
      maxOpenDialogs: limit.enabled ? toNumber(limit.maxOpenDialogs) : original.limit.maxOpenDialogs,
      countWaitingForClient: limit.countWaitingForClient,
    },
  };
}

/** Fields shown in this form; a server error about anything else is listed at the top. */
const knownFields = new Set([
  'name',
  'queue',
  'retentionDays',
  'settings.distribution.mode',
  'settings.distribution.handoffMinutes',
  'settings.distribution.limit.maxOpenDialogs',
  'settings.greeting.text',
  'settings.greeting.sendIn',
  'settings.noAnswer.minutes',
  'settings.noAnswer.action',
  'settings.noAnswer.text',
  'settings.workingHours.timeZone',
  'settings.workingHours.holidays',
  'settings.workingHours.outOfHours.action',
  'settings.workingHours.outOfHours.text',
  'settings.workingHours.outOfHours.botFlowId',
  'settings.flows.routingFlowId',
  'settings.flows.welcomeBot.flowId',
  'settings.flows.welcomeBot.runIn',
  'settings.flows.welcomeBot.leaveAt',
  'settings.flows.welcomeBot.timeoutMinutes',
  'settings.closing.text',
  'settings.closing.reopenWindowMinutes',
  'settings.autoClose.afterMinutes',
  'settings.expiry.afterMinutes',
  'settings.rating.scale',
  'settings.rating.requestText',
  'settings.rating.thanksGoodText',
  'settings.rating.thanksBadText',
  'settings.rating.timeLimitMinutes',
  'settings.rating.askWhen',
  'settings.rating.closeAfterRating',
  'settings.kpi.firstAnswer.minutes',
  'settings.kpi.furtherAnswer.minutes',
  'settings.kpi.alertUserIds',
  'settings.operatorDisplay.mode',
  'settings.operatorDisplay.name',
  'settings.operatorDisplay.avatarUrl',
]);

/** Week rows (`…week.mon.to`) and single holidays (`…holidays.3`) are shown at their row; alert users at the list. */
const knownFieldPatterns = [/^settings\.workingHours\.week\.(mon|tue|wed|thu|fri|sat|sun)\.(from|to)$/, /^settings\.workingHours\.holidays\.\d+$/, /^settings\.kpi\.alertUserIds\.\d+$/];

export function isKnownField(field: string): boolean {
  return knownFields.has(field) || knownFieldPatterns.some((pattern) => pattern.test(field));
}
