import type { ChannelKind } from '../domain/channels';
import { customSettingsForm } from './custom/settings';
import type { ChannelSettingsForm } from './settings-form';
import { telegramSettingsForm } from './telegram/settings';
import { emailSettingsForm } from './email/settings';
import { widgetSettingsForm } from './widget/settings';
import { vkSettingsForm } from './vk/settings';
import { whatsappSettingsForm } from './whatsapp/settings';

/** Every channel kind's settings form, by kind (client-safe: the admin page imports this). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each kind has its own settings type
export const settingsForms: Partial<Record<ChannelKind, ChannelSettingsForm<any>>> = {
  telegram: telegramSettingsForm,
  email: emailSettingsForm,
  widget: widgetSettingsForm,
  custom: customSettingsForm,
  whatsapp: whatsappSettingsForm,
  vk: vkSettingsForm,
};
