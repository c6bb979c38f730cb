import { formatLimit, kpiAlertDataSchema, kpiKindLabels } from '../../../domain/kpi';
import type { DialogEvent } from './types';

const closeReasons: Record<string, string> = {
  operator: 'by an operator',
  auto_close: 'automatically (client went quiet)',
  expired: 'as expired (never answered)',
  spam: 'as spam',
  rating: 'after the rating',
  line_deleted: 'because the line was deleted',
};

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() ? value.trim() : null;
}

/** One line of the dialog's history, as staff read it ("Transferred by Anna to Boris"). */
export function describeEvent(event: DialogEvent): string {
  const actor = event.actorName ?? 'System';
  const { data, names } = event;
  switch (event.kind) {
    case 'offered':
      return `Offered to ${event.subjectName ?? 'an operator'}`;
    case 'accepted':
      return `Taken by ${actor}`;
    case 'skipped':
      return `Skipped by ${event.subjectName ?? actor}`;
    case 'offer_expired':
      return `Offer to ${event.subjectName ?? 'the operator'} expired (hand-off time passed)`;
    case 'first_answer':
      return `First answer by ${actor}`;
    case 'closed':
      return `Closed ${event.actorName ? `by ${event.actorName}` : (closeReasons[String(data.reason)] ?? '')}`.trim();
    case 'note_added':
      return `Internal note by ${actor}`;
    case 'rated':
      return `Client rated: ${String(data.rating)}`;
    case 'transferred': {
      // To an operator: `operatorId`; to another line's queue: `lineId` (and `fromLineId`).
      const toLine = data.lineId ?? data.toLineId;
      const to = toLine !== undefined ? `the queue of ${names.lineId ?? names.toLineId ?? 'another line'}` : (names.operatorId ?? names.toOperatorId ?? 'another operator');
      const from = names.fromOperatorId;
      return `Transferred by ${actor}${from && from !== event.actorName ? ` from ${from}` : ''} to ${to}`;
    }
    case 'invited':
      return `${actor} invited ${names.inviteeId ?? event.subjectName ?? 'a colleague'}`;
    case 'taken_over':
      return `Taken over by ${actor}${names.fromOperatorId ? ` from ${names.fromOperatorId}` : ''}`;
    case 'pinned':
      return `Pinned by ${actor}`;
    case 'unpinned':
      return `Unpinned by ${actor}`;
    case 'marked_spam':
      return `Marked as spam by ${actor}${data.blocked === true ? '; contact blocked' : ''}`;
    case 'reopened':
      return 'Reopened: the client wrote again';
    case 'supervisor_rated':
      return `Supervisor rating by ${actor}: ${String(data.rating)} of 5`;
    case 'lead_created':
      return typeof data.leadId === 'number' ? `Lead #${data.leadId} created` : 'Lead created';
    case 'kpi_violated': {
      const alert = kpiAlertDataSchema.safeParse(data);
      if (!alert.success) return 'KPI limit exceeded';
      const who = event.subjectName ? ` (${event.subjectName})` : '';
      return `KPI exceeded: ${kpiKindLabels[alert.data.violation].toLowerCase()} overdue, limit ${formatLimit(alert.data.limitMinutes)}${who}`;
    }
    default:
      return event.kind.replace(/_/g, ' ');
  }
}

/** A staff comment the event carries (transfer comment, supervisor's comment), shown under it. */
export function eventComment(event: DialogEvent): string | null {
  return event.kind === 'transferred' || event.kind === 'supervisor_rated' ? text(event.data.comment) : null;
}
