import { z } from 'zod';

/**
 * Settings of one open line (SPEC §3). Stored as JSON on the line; every group has defaults so
 * `lineSettingsSchema.parse({})` yields a fully configured line. Old stored documents gain new
 * fields through these defaults when read.
 */
export const distributionModeSchema = z.enum(['evenly', 'strictly', 'all']);
export type DistributionMode = z.infer<typeof distributionModeSchema>;

export const distributionSettingsSchema = z.object({
  mode: distributionModeSchema.default('evenly'),
  /** How long an offered operator has to accept before the dialog moves on. */
  handoffMinutes: z
    .number({ error: 'must be a whole number of minutes' })
    .int('must be a whole number of minutes')
    .min(1, 'must be at least 1 minute')
    .max(30, 'must be at most 30 minutes')
    .default(1),
});

/** A text may be left empty while its feature is off, so switching it off never loses the text's error. */
function requireTextWhileEnabled<K extends string>(key: K, feature: string) {
  return (value: { enabled: boolean } & Record<K, string>, ctx: z.RefinementCtx) => {
    if (value.enabled && value[key].length === 0) {
      ctx.addIssue({ code: 'custom', path: [key], message: `must not be empty while ${feature} is on` });
    }
  };
}

export const greetingSettingsSchema = z.object({
  enabled: z.boolean().default(true),
  text: z.string().trim().max(2000, 'must be at most 2000 characters').default('Hello! An operator will answer you shortly.'),
  sendIn: z.enum(['every_dialog', 'first_dialog']).default('every_dialog'),
}).superRefine(requireTextWhileEnabled('text', 'the greeting'));

export const ratingSettingsSchema = z.object({
  enabled: z.boolean().default(true),
  scale: z.enum(['like_dislike', 'five_stars']).default('like_dislike'),
  requestText: z.string().trim().max(1000, 'must be at most 1000 characters').default('Please rate how we did.'),
  thanksGoodText: z.string().trim().max(1000).default('Thank you for your rating!'),
  thanksBadText: z
    .string()
    .trim()
    .max(1000)
    .default('Thank you. We are sorry and will do better.'),
  /** How long the client may take to rate, in minutes (default one day). */
  timeLimitMinutes: z
    .number()
    .int('must be a whole number of minutes')
    .min(1, 'must be at least 1 minute')
    .max(60 * 24 * 30, 'must be at most 30 days')
    .default(60 * 24),
}).superRefine(requireTextWhileEnabled('requestText', 'rating'));

export const closingSettingsSchema = z.object({
  text: z.string().trim().max(2000, 'must be at most 2000 characters').default(''),
});

export const lineSettingsSchema = z.object({
  distribution: distributionSettingsSchema.prefault({}),
  greeting: greetingSettingsSchema.prefault({}),
  rating: ratingSettingsSchema.prefault({}),
  closing: closingSettingsSchema.prefault({}),
});

export type LineSettings = z.infer<typeof lineSettingsSchema>;
export type LineSettingsInput = z.input<typeof lineSettingsSchema>;

export const defaultLineSettings = (): LineSettings => lineSettingsSchema.parse({});

export const lineNameSchema = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(120, 'must be at most 120 characters');
