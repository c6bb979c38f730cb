import { prechatOf, widgetLocale, widgetSettingsSchema, type WidgetSettings } from '../../../../channels/widget/settings';
import type { Database } from '../../../../db/client';
import { findWidgetChannel } from '../../../../db/queries/channels';
import type { Channel } from '../../../../db/types';
import { channelKeySchema } from '../../../../domain/channels';
import { DEFAULT_LOCALE, type Locale } from '../../../../domain/locale';
import type { WidgetAppearance, WidgetChannelInfo } from './schemas';

/**
 * The channel's widget settings; a config that no longer parses (edited by hand, an older shape)
 * falls back to the defaults rather than taking the chat down.
 */
export function widgetSettingsOf(channel: Channel): WidgetSettings {
  const parsed = widgetSettingsSchema.safeParse(channel.config);
  if (parsed.success) return parsed.data;
  console.error(`widget: channel ${channel.key} has settings that do not parse; using the defaults`, parsed.error.issues);
  return widgetSettingsSchema.parse({});
}

export function widgetAppearance(channel: Channel, settings = widgetSettingsOf(channel)): WidgetAppearance {
  return { title: settings.title ?? channel.name, color: settings.color ?? null, position: settings.position };
}

export function widgetChannelInfo(channel: Channel): WidgetChannelInfo {
  const settings = widgetSettingsOf(channel);
  return {
    key: channel.key,
    ...widgetAppearance(channel, settings),
    greeting: settings.greeting ?? null,
    prechat: prechatOf(settings),
    language: settings.language,
  };
}

/**
 * The language the widget API answers this visitor in: the channel's, or their browser's when the
 * channel follows it; English for a key that names no widget channel.
 */
export function visitorLocaleOf(db: Database, request: Request, channelKey: string): () => Promise<Locale> {
  return async () => {
    const channel = channelKeySchema.safeParse(channelKey).success ? await findWidgetChannel(db, channelKey) : undefined;
    if (!channel) return DEFAULT_LOCALE;
    return widgetLocale(widgetSettingsOf(channel).language, request.headers.get('accept-language'));
  };
}
