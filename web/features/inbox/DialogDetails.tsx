import { X } from 'lucide-react';
import { statusLabels } from '../../../domain/dialog';
import { Avatar, Button } from '../ui';
import { ContactCard } from './ContactCard';
import { channelName, formatDateTime } from './format';
import styles from './inbox.module.css';
import { describeEvent, eventComment } from './event-labels';
import { SupervisorRating } from './SupervisorRating';
import type { DialogView } from './types';

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
      <ContactCard dialogId={view.id} />
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
          {view.participants.length > 0 && (
            <>
              <dt>Invited</dt>
              <dd>{view.participants.map((p) => p.name).join(', ')}</dd>
            </>
          )}
          {view.pinned && (
            <>
              <dt>Pinned</dt>
              <dd>Stays with its operator</dd>
            </>
          )}
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
      {(view.supervisorRating || view.permissions.canRateAsSupervisor) && <SupervisorRating view={view} />}
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
                {eventComment(event) && <p className={styles.muted}>“{eventComment(event)}”</p>}
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
