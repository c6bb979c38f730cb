import { X } from 'lucide-react';
import { statusLabels } from '../../../domain/dialog';
import { Avatar, Button } from '../ui';
import { channelName, formatDateTime } from './format';
import styles from './inbox.module.css';
import type { DialogEvent, DialogView } from './types';

const closeReasons: Record<string, string> = {
  operator: 'by an operator',
  auto_close: 'automatically (client went quiet)',
  expired: 'as expired (never answered)',
  spam: 'as spam',
  rating: 'after the rating',
  line_deleted: 'because the line was deleted',
};

function describeEvent(event: DialogEvent): string {
  const actor = event.actorName ?? 'System';
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
      return `Closed ${event.actorName ? `by ${event.actorName}` : (closeReasons[String(event.data.reason)] ?? '')}`.trim();
    case 'note_added':
      return `Internal note by ${actor}`;
    case 'rated':
      return `Client rated: ${String(event.data.rating)}`;
    default:
      return event.kind.replace(/_/g, ' ');
  }
}

export function DialogDetails({ view, onClose }: { view: DialogView; onClose: () => void }) {
  const contact = view.contact;
  return (
    <aside id="dialog-details" className={styles.details} aria-label="Dialog details">
      <Button variant="ghost" size="sm" iconOnly className={styles.detailsClose} aria-label="Hide details" icon={<X size={16} />} onClick={onClose} />
      <section className={styles.detailsSection} aria-labelledby="details-contact">
        <h3 id="details-contact" className={styles.detailsHeading}>
          Contact
        </h3>
        <div className={styles.contactCard}>
          <Avatar name={contact.label} colorKey={contact.id} size={40} />
          <div>
            <p style={{ fontWeight: 620 }}>{contact.label}</p>
            <p className={styles.muted}>{contact.name || contact.email || contact.phone ? 'Known contact' : 'Anonymous visitor'}</p>
          </div>
        </div>
        <dl className={styles.facts} style={{ marginTop: 12 }}>
          <dt>E-mail</dt>
          <dd>{contact.email ? <a href={`mailto:${contact.email}`}>{contact.email}</a> : <span className={styles.muted}>—</span>}</dd>
          <dt>Phone</dt>
          <dd>{contact.phone ?? <span className={styles.muted}>—</span>}</dd>
        </dl>
      </section>
      <section className={styles.detailsSection} aria-labelledby="details-dialog">
        <h3 id="details-dialog" className={styles.detailsHeading}>
          Dialog
        </h3>
        <dl className={styles.facts}>
          <dt>Number</dt>
          <dd>#{view.id}</dd>
          <dt>Status</dt>
          <dd>{statusLabels[view.status]}</dd>
          <dt>Line</dt>
          <dd>{view.line.name}</dd>
          <dt>Channel</dt>
          <dd>
            {channelName(view.channel)}
          </dd>
          <dt>Operator</dt>
          <dd>{view.operator?.name ?? (view.offeredTo.length ? `Offered to ${view.offeredTo.map((o) => o.name).join(', ')}` : 'Nobody yet')}</dd>
          <dt>Started</dt>
          <dd>{formatDateTime(view.createdAt)}</dd>
          {view.closedAt && (
            <>
              <dt>Closed</dt>
              <dd>{formatDateTime(view.closedAt)}</dd>
            </>
          )}
          {view.rating && (
            <>
              <dt>Rating</dt>
              <dd>{view.rating}</dd>
            </>
          )}
        </dl>
      </section>
      <section className={styles.detailsSection} aria-labelledby="details-history">
        <h3 id="details-history" className={styles.detailsHeading}>
          History
        </h3>
        {view.events.length === 0 ? (
          <p className={styles.muted}>Nothing has happened yet.</p>
        ) : (
          <ol className={styles.timeline}>
            {view.events.map((event) => (
              <li key={event.id} className={styles.timelineItem}>
                <p>{describeEvent(event)}</p>
                <time className={styles.timelineTime} dateTime={event.createdAt.toISOString()}>
                  {formatDateTime(event.createdAt)}
                </time>
              </li>
            ))}
          </ol>
        )}
      </section>
    </aside>
  );
}
