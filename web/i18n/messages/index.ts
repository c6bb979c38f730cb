import type { Locale } from '../../../domain/locale';
import enCommon from './en/common.json';
import enShell from './en/shell.json';
import enAuth from './en/auth.json';
import enProfile from './en/profile.json';
import enUsers from './en/users.json';
import enLines from './en/lines.json';
import enChannels from './en/channels.json';
import enFlows from './en/flows.json';
import enInbox from './en/inbox.json';
import enHistory from './en/history.json';
import enQuickAnswers from './en/quickAnswers.json';
import enKpi from './en/kpi.json';
import enWidget from './en/widget.json';
import enErrors from './en/errors.json';
import enStatistics from './en/statistics.json';
import enApi from './en/api.json';
import enWebhooks from './en/webhooks.json';
import enAudit from './en/audit.json';
import enPrivacy from './en/privacy.json';
import ruCommon from './ru/common.json';
import ruShell from './ru/shell.json';
import ruAuth from './ru/auth.json';
import ruProfile from './ru/profile.json';
import ruUsers from './ru/users.json';
import ruLines from './ru/lines.json';
import ruChannels from './ru/channels.json';
import ruFlows from './ru/flows.json';
import ruInbox from './ru/inbox.json';
import ruHistory from './ru/history.json';
import ruQuickAnswers from './ru/quickAnswers.json';
import ruKpi from './ru/kpi.json';
import ruWidget from './ru/widget.json';
import ruErrors from './ru/errors.json';
import ruStatistics from './ru/statistics.json';
import ruApi from './ru/api.json';
import ruWebhooks from './ru/webhooks.json';
import ruAudit from './ru/audit.json';
import ruPrivacy from './ru/privacy.json';

// One JSON file per namespace and language: a feature's texts live beside each other, and two
// people working on different features never edit the same file. English is the reference: the
// Russian catalogue must have exactly its keys (test/web/i18n-catalogues.test.ts).
export const englishMessages = {
  common: enCommon,
  shell: enShell,
  auth: enAuth,
  profile: enProfile,
  users: enUsers,
  lines: enLines,
  channels: enChannels,
  flows: enFlows,
  inbox: enInbox,
  history: enHistory,
  quickAnswers: enQuickAnswers,
  kpi: enKpi,
  widget: enWidget,
  errors: enErrors,
  statistics: enStatistics,
  api: enApi,
  webhooks: enWebhooks,
  audit: enAudit,
  privacy: enPrivacy,
};

export type Messages = typeof englishMessages;

const russianMessages: Messages = {
  common: ruCommon,
  shell: ruShell,
  auth: ruAuth,
  profile: ruProfile,
  users: ruUsers,
  lines: ruLines,
  channels: ruChannels,
  flows: ruFlows,
  inbox: ruInbox,
  history: ruHistory,
  quickAnswers: ruQuickAnswers,
  kpi: ruKpi,
  widget: ruWidget,
  errors: ruErrors,
  statistics: ruStatistics,
  api: ruApi,
  webhooks: ruWebhooks,
  audit: ruAudit,
  privacy: ruPrivacy,
};

export const messagesByLocale: Record<Locale, Messages> = { en: englishMessages, ru: russianMessages };
