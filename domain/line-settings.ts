import { z } from 'zod';
import { englishErrorText } from './error-messages';
import { defaultLineTexts } from './line-default-texts';
import type { Locale } from './locale';

/** A stored text a line lacks (an older document) reads as the English default, as it always did. */
const englishTexts = defaultLineTexts('en');

/**
 * Settings of one open line (SPEC §3). Stored as JSON on the line; every group has defaults so
 * `lineSettingsSchema.parse({})` yields a fully configured line. Old stored documents gain new
 * fields through these defaults when read.
 */
export const distributionModeSchema = z.enum(['evenly', 'strictly', 'all']);
export type DistributionMode = z.infer<typeof distributionModeSchema>;

const DAY = 24 * 60;

/** "must be at most 30 minutes", "… 1 day", "… 90 days": whole days are said in days. */
function atMostMinutes(max: number): string {
  if (max % DAY !== 0) return englishErrorText('field.atMostMinutes', { max: String(max) });
  return max === DAY ? englishErrorText('field.atMostOneDay') : englishErrorText('field.atMostDays', { max: String(max / DAY) });
}

const minutes = (what: { min: number; max: number }) =>
  z
    .number({ error: englishErrorText('field.wholeMinutes') })
    .int(englishErrorText('field.wholeMinutes'))
    .min(what.min, what.min === 1 ? englishErrorText('field.atLeastOneMinute') : englishErrorText('field.atLeastMinutes', { min: String(what.min) }))
    .max(what.max, atMostMinutes(what.max));

const flowIdSchema = z.number({ error: englishErrorText('lineSettings.publishedFlowId') }).int().positive(englishErrorText('lineSettings.publishedFlowId'));

export const distributionSettingsSchema = z.object({
  mode: distributionModeSchema.default('evenly'),
  /** How long an offered operator has to accept before the dialog moves on (evenly, strictly). */
  handoffMinutes: minutes({ min: 1, max: 30 }).default(1),
  /** Offer only to operators who are online, inside their working day, not on a break or away. */
  availabilityCheck: z.boolean().default(true),
  limit: z
    .object({
      enabled: z.boolean().default(false),
      maxOpenDialogs: z.number().int(englishErrorText('field.wholeNumber')).min(1, englishErrorText('field.atLeast', { min: '1' })).max(1000, englishErrorText('field.atMost', { max: '1000' })).default(10),
      /** Whether dialogs where the operator wrote last (waiting for the client) count toward the limit. */
      countWaitingForClient: z.boolean().default(true),
    })
    .prefault({}),
});

/** A text may be left empty while its feature is off, so switching it off never loses the text's error. */
function requireTextWhileEnabled<K extends string>(key: K, message: 'lineSettings.greetingTextRequired' | 'lineSettings.ratingTextRequired') {
  return (value: { enabled: boolean } & Record<K, string>, ctx: z.RefinementCtx) => {
    if (value.enabled && value[key].length === 0) {
      ctx.addIssue({ code: 'custom', path: [key], message: englishErrorText(message) });
    }
  };
}

export const greetingSettingsSchema = z.object({
  enabled: z.boolean().default(true),
  text: z.string().trim().max(2000, englishErrorText('field.maxChars', { max: '2000' })).default(englishTexts.greeting),
  sendIn: z.enum(['every_dialog', 'first_dialog']).default('every_dialog'),
}).superRefine(requireTextWhileEnabled('text', 'lineSettings.greetingTextRequired'));

export const ratingSettingsSchema = z.object({
  enabled: z.boolean().default(true),
  scale: z.enum(['like_dislike', 'five_stars']).default('like_dislike'),
  requestText: z.string().trim().max(1000, englishErrorText('field.maxChars', { max: '1000' })).default(englishTexts.ratingRequest),
  thanksGoodText: z.string().trim().max(1000).default(englishTexts.ratingThanksGood),
  thanksBadText: z
    .string()
    .trim()
    .max(1000)
    .default(englishTexts.ratingThanksBad),
  /** How long the client may take to rate, in minutes (default one day). */
  timeLimitMinutes: z
    .number()
    .int(englishErrorText('field.wholeMinutes'))
    .min(1, englishErrorText('field.atLeastOneMinute'))
    .max(60 * 24 * 30, atMostMinutes(60 * 24 * 30))
    .default(60 * 24),
  /** After closing (default), or before: the operator's close first asks for the rating. */
  askWhen: z.enum(['after_close', 'before_close']).default('after_close'),
  closeAfterRating: z.boolean().default(false),
  /** For channels without buttons, where the client answers with a word or a number. */
  externalRequestText: z.string().trim().max(1000, englishErrorText('field.maxChars', { max: '1000' })).default(englishTexts.ratingRequestWithoutButtons),
}).superRefine(requireTextWhileEnabled('requestText', 'lineSettings.ratingTextRequired'));

export const closingSettingsSchema = z.object({
  text: z.string().trim().max(2000, englishErrorText('field.maxChars', { max: '2000' })).default(englishTexts.closing),
  /** 0: a client message after close opens a new dialog; N: reopens this one with the same operator. */
  reopenWindowMinutes: z.number().int(englishErrorText('field.wholeMinutes')).min(0, englishErrorText('field.zeroOrMore')).max(7 * DAY, atMostMinutes(7 * DAY)).default(0),
});

/** SPEC §3 no-answer rule: what happens when no operator has answered for a while. */
export const noAnswerSettingsSchema = z
  .object({
    minutes: minutes({ min: 1, max: 24 * 60 }).default(2),
    action: z.enum(['send_text', 'return_to_queue', 'nothing']).default('send_text'),
    text: z
      .string()
      .trim()
      .max(2000, englishErrorText('field.maxChars', { max: '2000' }))
      .default(englishTexts.noAnswer),
  })
  .superRefine((value, ctx) => {
    if (value.action === 'send_text' && value.text.length === 0) ctx.addIssue({ code: 'custom', path: ['text'], message: englishErrorText('lineSettings.noAnswerTextRequired') });
  });

const timeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, englishErrorText('lineSettings.timeOfDay'));

export const weekdaySchema = z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);
export type Weekday = z.infer<typeof weekdaySchema>;
export const weekdays = weekdaySchema.options;

const dayHoursSchema = z
  .object({ open: z.boolean(), from: timeOfDay, to: timeOfDay })
  .superRefine((value, ctx) => {
    if (value.open && value.from >= value.to) ctx.addIssue({ code: 'custom', path: ['to'], message: englishErrorText('lineSettings.laterThanOpening') });
  });

const officeDay = { open: true, from: '09:00', to: '18:00' };
const dayOff = { open: false, from: '09:00', to: '18:00' };

export const workingHoursSettingsSchema = z.object({
  enabled: z.boolean().default(false),
  /** IANA time zone the hours are given in, e.g. Europe/Berlin. */
  timeZone: z
    .string()
    .default('UTC')
    .refine(isKnownTimeZone, englishErrorText('lineSettings.timeZone')),
  week: z
    .object(Object.fromEntries(weekdays.map((day) => [day, dayHoursSchema])) as Record<Weekday, typeof dayHoursSchema>)
    .default({ mon: officeDay, tue: officeDay, wed: officeDay, thu: officeDay, fri: officeDay, sat: dayOff, sun: dayOff }),
  /** Dates (YYYY-MM-DD, in the line's time zone) on which the line is closed all day. */
  holidays: z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, englishErrorText('lineSettings.holiday'))).max(366).default([]),
  outOfHours: z
    .object({
      action: z.enum(['send_text', 'run_bot', 'nothing']).default('send_text'),
      text: z.string().trim().max(2000, englishErrorText('field.maxChars', { max: '2000' })).default(englishTexts.outOfHours),
      /** The bot flow that talks to clients who write out of hours (action run_bot). */
      botFlowId: flowIdSchema.nullable().default(null),
    })
    .superRefine((value, ctx) => {
      if (value.action === 'run_bot' && value.botFlowId === null) ctx.addIssue({ code: 'custom', path: ['botFlowId'], message: englishErrorText('lineSettings.botFlowRequired') });
    })
    .prefault({}),
});

/**
 * Every read of a line's settings checks its zone (activities on each routing step, the dialog
 * workflow at start): creating an Intl formatter is costly, so each zone is checked once.
 */
const knownTimeZones = new Map<string, boolean>();
function isKnownTimeZone(zone: string): boolean {
  let known = knownTimeZones.get(zone);
  if (known === undefined) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: zone });
      known = true;
    } catch {
      known = false;
    }
    knownTimeZones.set(zone, known);
  }
  return known;
}

/** SPEC §3 auto-close (operator wrote last, client silent) and expiry (client never answered). */
export const autoCloseSettingsSchema = z.object({
  enabled: z.boolean().default(true),
  afterMinutes: minutes({ min: 1, max: 90 * DAY }).default(7 * DAY),
});

export const expirySettingsSchema = z.object({
  afterMinutes: minutes({ min: 1, max: 365 * DAY }).default(30 * DAY),
});

export const crmSettingsSchema = z.object({
  /** Look the client up by channel identity, phone and e-mail. */
  lookUpContact: z.boolean().default(true),
  routeToResponsible: z.boolean().default(false),
  /** Create a lead for a new client who can be written back to. */
  createLead: z.boolean().default(false),
  changeLeadResponsibleOnTransfer: z.boolean().default(false),
});

export const kpiSettingsSchema = z.object({
  firstAnswer: z.object({ enabled: z.boolean().default(false), minutes: minutes({ min: 1, max: DAY }).default(5) }).prefault({}),
  furtherAnswer: z.object({ enabled: z.boolean().default(false), minutes: minutes({ min: 1, max: DAY }).default(15) }).prefault({}),
  /** Users alerted besides the operator. */
  alertUserIds: z.array(z.string().min(1)).max(50).default([]),
});

/** SPEC §3 welcome bot and routing flow (SPEC §6): published flows the line runs at dialog start. */
export const flowSettingsSchema = z.object({
  /** Decides where a new dialog goes, before the queue. */
  routingFlowId: flowIdSchema.nullable().default(null),
  welcomeBot: z
    .object({
      flowId: flowIdSchema.nullable().default(null),
      runIn: z.enum(['every_dialog', 'first_dialog']).default('every_dialog'),
      /** handoff: the bot leaves when it hands the dialog to the queue; close: it stays, silent, until the dialog closes. */
      leaveAt: z.enum(['handoff', 'close']).default('handoff'),
      /** A client who does not answer the bot for this long is handed to the queue. */
      timeoutMinutes: minutes({ min: 1, max: DAY }).default(10),
    })
    .prefault({}),
});

function isHttpsUrl(value: string): boolean {
  return URL.canParse(value) && new URL(value).protocol === 'https:';
}

/** SPEC §3: who the client sees answering — each operator's own name, one name for the whole line, or nobody. */
export const operatorDisplaySettingsSchema = z
  .object({
    mode: z.enum(['profile', 'line', 'hidden']).default('profile'),
    /** The name every operator answers under while mode is 'line'. */
    name: z.string().trim().max(80, englishErrorText('field.maxChars', { max: '80' })).default(''),
    /** The picture shown next to that name; empty shows the name's initials. */
    avatarUrl: z
      .string()
      .trim()
      .max(2000, englishErrorText('field.maxChars', { max: '2000' }))
      .refine((value) => value === '' || isHttpsUrl(value), englishErrorText('lineSettings.avatarAddress'))
      .default(''),
  })
  .superRefine((value, ctx) => {
    if (value.mode === 'line' && value.name.length === 0) ctx.addIssue({ code: 'custom', path: ['name'], message: englishErrorText('lineSettings.lineNameRequired') });
  });

export type OperatorDisplaySettings = z.infer<typeof operatorDisplaySettingsSchema>;

/** The author name a client sees on an operator's message; null when the line hides who answers. */
export function operatorNameForClient(display: OperatorDisplaySettings, operatorName: string | null): string | null {
  switch (display.mode) {
    case 'profile':
      return operatorName;
    case 'line':
      return display.name;
    case 'hidden':
      return null;
  }
}

export const lineSettingsSchema = z.object({
  distribution: distributionSettingsSchema.prefault({}),
  greeting: greetingSettingsSchema.prefault({}),
  noAnswer: noAnswerSettingsSchema.prefault({}),
  workingHours: workingHoursSettingsSchema.prefault({}),
  crm: crmSettingsSchema.prefault({}),
  autoClose: autoCloseSettingsSchema.prefault({}),
  expiry: expirySettingsSchema.prefault({}),
  closing: closingSettingsSchema.prefault({}),
  rating: ratingSettingsSchema.prefault({}),
  kpi: kpiSettingsSchema.prefault({}),
  flows: flowSettingsSchema.prefault({}),
  operatorDisplay: operatorDisplaySettingsSchema.prefault({}),
});

export type LineSettings = z.infer<typeof lineSettingsSchema>;
export type LineSettingsInput = z.input<typeof lineSettingsSchema>;

/**
 * A new line's settings: the defaults of SPEC §3, its client-facing texts in `locale` (the
 * creating admin's language; English unless said).
 */
export function defaultLineSettings(locale: Locale = 'en'): LineSettings {
  const texts = defaultLineTexts(locale);
  return lineSettingsSchema.parse({
    greeting: { text: texts.greeting },
    noAnswer: { text: texts.noAnswer },
    workingHours: { outOfHours: { text: texts.outOfHours } },
    closing: { text: texts.closing },
    rating: {
      requestText: texts.ratingRequest,
      externalRequestText: texts.ratingRequestWithoutButtons,
      thanksGoodText: texts.ratingThanksGood,
      thanksBadText: texts.ratingThanksBad,
    },
  });
}

/** Today's defaults, built once (this module is shared by every dialog workflow of a worker). */
const currentDefaults: LineSettings = defaultLineSettings();

/**
 * Settings recorded by an earlier version (a stored history's context, parsed by the schema of its
 * day) with every group and field added since filled in from today's defaults: what
 * `lineSettingsSchema.parse` gives for such a value, without running zod, which the dialog
 * workflow never does (its sandbox shares these modules frozen; see workflows/preload.ts).
 */
export function withCurrentDefaults(recorded: unknown): LineSettings {
  return fillMissing(currentDefaults, recorded) as LineSettings;
}

function fillMissing(defaults: unknown, recorded: unknown): unknown {
  // Settings are JSON (stored in PostgreSQL, recorded in histories), so a JSON copy is a full one.
  if (recorded === undefined) return JSON.parse(JSON.stringify(defaults)) as unknown;
  if (!isPlainObject(defaults) || !isPlainObject(recorded)) return recorded;
  const filled: Record<string, unknown> = { ...recorded };
  for (const [key, value] of Object.entries(defaults)) filled[key] = fillMissing(value, recorded[key]);
  return filled;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export const lineNameSchema = z
  .string()
  .trim()
  .min(1, englishErrorText('field.notEmpty'))
  .max(120, englishErrorText('field.maxChars', { max: '120' }));
