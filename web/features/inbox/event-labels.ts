import { useTranslations } from 'next-intl';
import { useCallback } from 'react';
import { kpiAlertDataSchema } from '../../../domain/kpi';
import type { DialogEvent } from './types';

const closeReasons = ['operator', 'auto_close', 'expired', 'spam', 'rating', 'line_deleted'] as const;
type CloseReason = (typeof closeReasons)[number];

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() ? value.trim() : null;
}

/** "5 min", "2 h 30 min", "1 day" in the user's language (domain's `formatLimit` is the English one). */
export function useFormatLimit(): (minutes: number) => string {
  const t = useTranslations('common.time');
  return useCallback(
    (minutes: number) => {
      if (minutes >= 1440 && minutes % 1440 === 0) return t('days', { count: minutes / 1440 });
      const hours = Math.floor(minutes / 60);
      const rest = minutes % 60;
      if (hours === 0) return t('minutes', { count: rest });
      return rest === 0 ? t('hours', { count: hours }) : t('hoursMinutes', { hours, minutes: rest });
    },
    [t],
  );
}

/** One line of the dialog's history, as staff read it ("Transferred by Anna to Boris"), in the user's language. */
export function useDescribeEvent(): (event: DialogEvent) => string {
  const t = useTranslations('inbox.events');
  const kpiKinds = useTranslations('common.ui.kpiKinds');
  const formatLimit = useFormatLimit();
  return useCallback(
    (event: DialogEvent) => {
      const actor = event.actorName ?? t('system');
      const { data, names } = event;
      switch (event.kind) {
        case 'offered':
          return event.subjectName ? t('offered', { name: event.subjectName }) : t('offeredSomeone');
        case 'accepted':
          return t('accepted', { actor });
        case 'skipped':
          return t('skipped', { name: event.subjectName ?? actor });
        case 'offer_expired':
          return event.subjectName ? t('offerExpired', { name: event.subjectName }) : t('offerExpiredSomeone');
        case 'first_answer':
          return t('firstAnswer', { actor });
        case 'closed': {
          if (event.actorName) return t('closedBy', { actor: event.actorName });
          const reason = closeReasons.find((r) => r === data.reason);
          return reason ? t(`closedReason.${reason satisfies CloseReason}`) : t('closed');
        }
        case 'note_added':
          return t('noteAdded', { actor });
        case 'rated':
          return t('rated', { rating: String(data.rating) });
        case 'transferred': {
          // To an operator: `operatorId`; to another line's queue: `lineId` (and `fromLineId`).
          const toLine = data.lineId ?? data.toLineId;
          const to =
            toLine !== undefined
              ? t('toQueue', { line: names.lineId ?? names.toLineId ?? t('anotherLine') })
              : (names.operatorId ?? names.toOperatorId ?? t('anotherOperator'));
          const from = names.fromOperatorId;
          return from && from !== event.actorName ? t('transferredFrom', { actor, from, to }) : t('transferred', { actor, to });
        }
        case 'invited':
          return t('invited', { actor, name: names.inviteeId ?? event.subjectName ?? t('aColleague') });
        case 'taken_over':
          return names.fromOperatorId ? t('takenOverFrom', { actor, from: names.fromOperatorId }) : t('takenOver', { actor });
        case 'pinned':
          return t('pinned', { actor });
        case 'unpinned':
          return t('unpinned', { actor });
        case 'marked_spam':
          return data.blocked === true ? t('markedSpamBlocked', { actor }) : t('markedSpam', { actor });
        case 'reopened':
          return t('reopened');
        case 'supervisor_rated':
          return t('supervisorRated', { actor, rating: String(data.rating) });
        case 'lead_created':
          return typeof data.leadId === 'number' ? t('leadCreatedNumber', { id: data.leadId }) : t('leadCreated');
        case 'kpi_violated': {
          const alert = kpiAlertDataSchema.safeParse(data);
          if (!alert.success) return t('kpiExceeded');
          const kind = kpiKinds(alert.data.violation).toLowerCase();
          const limit = formatLimit(alert.data.limitMinutes);
          return event.subjectName ? t('kpiViolatedWho', { kind, limit, name: event.subjectName }) : t('kpiViolated', { kind, limit });
        }
        default:
          return event.kind.replace(/_/g, ' ');
      }
    },
    [t, kpiKinds, formatLimit],
  );
}

/** A staff comment the event carries (transfer comment, supervisor's comment), shown under it. */
export function eventComment(event: DialogEvent): string | null {
  return event.kind === 'transferred' || event.kind === 'supervisor_rated' ? text(event.data.comment) : null;
}
