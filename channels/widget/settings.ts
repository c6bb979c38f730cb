import { z } from 'zod';
import { localeSchema, negotiateLocale, type Locale } from '../../domain/locale';
import type { ChannelSettingsForm } from '../settings-form';

/**
 * The website widget's settings (SPEC §7), kept in `channels.config`. Client-safe (zod only): the
 * admin's generic form is drawn from `fields`, the widget's session and page apply what `schema`
 * returns. Every field is optional, so a widget channel saved before these existed still parses.
 */

export const widgetPositions = ['bottom-right', 'bottom-left'] as const;
export type WidgetPosition = (typeof widgetPositions)[number];

/** Whether the pre-chat form asks for a detail, and whether the visitor may leave it blank. */
export const prechatAskSchema = z.enum(['off', 'optional', 'required'], { error: 'must be off, optional or required' });
export type PrechatAsk = z.infer<typeof prechatAskSchema>;

export const prechatFieldNames = ['name', 'email', 'phone'] as const;
export type PrechatFieldName = (typeof prechatFieldNames)[number];
export type PrechatSettings = Record<PrechatFieldName, PrechatAsk>;

/**
 * The language the chat speaks to visitors: one of the product's languages, or "auto" — what the
 * visitor's browser asks for (English when it asks for none we speak).
 */
export const widgetLanguageSchema = z.union([z.literal('auto'), localeSchema], { error: 'must be auto, en (English) or ru (Russian)' });
export type WidgetLanguage = z.infer<typeof widgetLanguageSchema>;

/** The locale a chat page or answer uses for a visitor whose browser sends `acceptLanguage`. */
export function widgetLocale(language: WidgetLanguage, acceptLanguage: string | null | undefined): Locale {
  return language === 'auto' ? negotiateLocale(acceptLanguage) : language;
}

/**
 * A site origin as browsers send it in `Origin` ("https://shop.example.com", a port when not the
 * default): what widget.js's host page may be. A path or a trailing slash is dropped, since an
 * origin has none; anything that is not http(s) is refused with the fix.
 */
const siteOriginSchema = z.string().transform((raw, ctx) => {
  let url: URL | undefined;
  try {
    url = new URL(raw);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:') || url.username || url.password) {
    ctx.addIssue({ code: 'custom', message: `"${raw}" is not a site origin; write it like https://shop.example.com` });
    return z.NEVER;
  }
  return url.origin;
});

/** The admin's textarea gives one string (origins separated by lines, spaces or commas); stored, a list. */
const allowedOriginsSchema = z.preprocess(
  (value) => (typeof value === 'string' ? value.split(/[\s,]+/).filter((part) => part !== '') : value),
  z.array(siteOriginSchema, { error: 'must be a list of site origins such as https://shop.example.com' }).max(50, 'must list at most 50 origins'),
);

export const widgetSettingsSchema = z.object({
  title: z.string().trim().max(80, 'must be at most 80 characters').optional().transform((title) => title || undefined),
  /** Accent colour of the launcher, header and the visitor's bubbles. */
  color: z
    .string()
    .trim()
    .regex(/^(#[0-9a-fA-F]{6})?$/, 'must be a colour like #4352d6')
    .optional()
    .transform((color) => color || undefined),
  position: z.enum(widgetPositions, { error: 'must be bottom-right or bottom-left' }).default('bottom-right'),
  /** Shown in the empty chat before the visitor's first message (the line's greeting comes after it). */
  greeting: z.string().trim().max(500, 'must be at most 500 characters').optional().transform((greeting) => greeting || undefined),
  /** Sites that may embed this chat and call its API; empty: any site (as before these settings). */
  allowedOrigins: allowedOriginsSchema.default([]),
  prechatName: prechatAskSchema.default('off'),
  prechatEmail: prechatAskSchema.default('off'),
  prechatPhone: prechatAskSchema.default('off'),
  /** The chat's language (its texts, dates, and the API's answers to visitors); English unless set. */
  language: widgetLanguageSchema.default('en'),
});
export type WidgetSettings = z.infer<typeof widgetSettingsSchema>;

export function prechatOf(settings: WidgetSettings): PrechatSettings {
  return { name: settings.prechatName, email: settings.prechatEmail, phone: settings.prechatPhone };
}

const askOptions = [
  { value: 'off', label: 'Not asked' },
  { value: 'optional', label: 'Asked, optional' },
  { value: 'required', label: 'Asked, required' },
] as const;

export const widgetSettingsForm: ChannelSettingsForm<WidgetSettings> = {
  kind: 'widget',
  schema: widgetSettingsSchema,
  secretFields: [],
  fields: [
    { name: 'title', label: 'Title', type: 'text', help: 'The chat header; the channel name when blank.' },
    { name: 'color', label: 'Colour', type: 'text', help: 'Accent colour as #rrggbb, e.g. #4352d6.' },
    {
      name: 'position',
      label: 'Position',
      type: 'select',
      options: [
        { value: 'bottom-right', label: 'Bottom right' },
        { value: 'bottom-left', label: 'Bottom left' },
      ],
    },
    { name: 'greeting', label: 'Greeting', type: 'textarea', help: 'Shown before the visitor writes, e.g. "Hi! How can we help?"' },
    {
      name: 'allowedOrigins',
      label: 'Allowed site origins',
      type: 'textarea',
      help: 'One per line, e.g. https://shop.example.com. Only these sites may embed the chat; leave empty to allow any site.',
    },
    { name: 'prechatName', label: 'Pre-chat form: name', type: 'select', options: askOptions },
    { name: 'prechatEmail', label: 'Pre-chat form: e-mail', type: 'select', options: askOptions },
    { name: 'prechatPhone', label: 'Pre-chat form: phone', type: 'select', options: askOptions },
    {
      name: 'language',
      label: 'Language',
      type: 'select',
      required: true,
      help: 'The language visitors see the chat in. Automatic follows the visitor’s browser (English when it asks for a language the chat does not speak).',
      options: [
        { value: 'en', label: 'English' },
        { value: 'ru', label: 'Русский (Russian)' },
        { value: 'auto', label: 'Automatic (visitor’s browser)' },
      ],
    },
  ],
};
