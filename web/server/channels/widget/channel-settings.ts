import { prechatOf, widgetSettingsSchema, type WidgetSettings } from '../../../../channels/widget/settings';
import type { Channel } from '../../../../db/types';
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
  };
}
