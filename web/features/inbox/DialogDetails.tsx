import { X } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { Avatar, Button } from '../ui';
import { ContactCard } from './ContactCard';
import { useInboxFormat } from './format';
import styles from './inbox.module.css';
import { eventComment, useDescribeEvent } from './event-labels';
import { SupervisorRating } from './SupervisorRating';
import type { DialogView } from './types';

export function DialogDetails({ view, onClose }: { view: DialogView; onClose: () => void }) {
  const contact = view.contact;
  const t = useTranslations('inbox.details');
  const format = useInboxFormat();
  const describeEvent = useDescribeEvent();
  return (
    <aside id="dialog-details" className={styles.details} aria-label={t('label')}>
      <Button variant="ghost" size="sm" iconOnly className={styles.detailsClose} aria-label={t('hide')} icon={<X size={16} />} onClick={onClose} />
      <section className={styles.detailsSection} aria-labelledby="details-contact">
        <h3 id="details-contact" className={styles.detailsHeading}>
          {t('contact')}
        </h3>
        <div className={styles.contactCard}>
          <Avatar name={contact.label} colorKey={contact.id} size={40} />
          <div>
            <p style={{ fontWeight: 620 }}>{contact.label}</p>
            <p className={styles.muted}>{contact.name || contact.email || contact.phone ? t('knownContact') : t('anonymous')}</p>
          </div>
        </div>
        <dl className={styles.facts} style={{ marginTop: 12 }}>
          <dt>{t('email')}</dt>
          <dd>{contact.email ? <a href={`mailto:${contact.email}`}>{contact.email}</a> : <span className={styles.muted}>—</span>}</dd>
          <dt>{t('phone')}</dt>
          <dd>{contact.phone ?? <span className={styles.muted}>—</span>}</dd>
        </dl>
      </section>
      <ContactCard dialogId={view.id} />
      <section className={styles.detailsSection} aria-labelledby="details-dialog">
        <h3 id="details-dialog" className={styles.detailsHeading}>
          {t('dialog')}
        </h3>
        <dl className={styles.facts}>
          <dt>{t('number')}</dt>
          <dd>#{view.id}</dd>
          <dt>{t('status')}</dt>
          <dd>{format.status(view.status)}</dd>
          <dt>{t('line')}</dt>
          <dd>{view.line.name}</dd>
          <dt>{t('channel')}</dt>
          <dd>
            {format.channelName(view.channel)}
          </dd>
          <dt>{t('operator')}</dt>
          <dd>{view.operator?.name ?? (view.offeredTo.length ? t('offeredTo', { names: view.offeredTo.map((o) => o.name).join(', ') }) : t('nobody'))}</dd>
          {view.participants.length > 0 && (
            <>
              <dt>{t('invited')}</dt>
              <dd>{view.participants.map((p) => p.name).join(', ')}</dd>
            </>
          )}
          {view.pinned && (
            <>
              <dt>{t('pinned')}</dt>
              <dd>{t('pinnedText')}</dd>
            </>
          )}
          <dt>{t('started')}</dt>
          <dd>{format.dateTime(view.createdAt)}</dd>
          {view.closedAt && (
            <>
              <dt>{t('closed')}</dt>
              <dd>{format.dateTime(view.closedAt)}</dd>
            </>
          )}
          {view.rating && (
            <>
              <dt>{t('rating')}</dt>
              <dd>{view.rating}</dd>
            </>
          )}
        </dl>
      </section>
      {(view.supervisorRating || view.permissions.canRateAsSupervisor) && <SupervisorRating view={view} />}
      <section className={styles.detailsSection} aria-labelledby="details-history">
        <h3 id="details-history" className={styles.detailsHeading}>
          {t('history')}
        </h3>
        {view.events.length === 0 ? (
          <p className={styles.muted}>{t('noEvents')}</p>
        ) : (
          <ol className={styles.timeline}>
            {view.events.map((event) => (
              <li key={event.id} className={styles.timelineItem}>
                <p>{describeEvent(event)}</p>
                {eventComment(event) && <p className={styles.muted}>“{eventComment(event)}”</p>}
                <time className={styles.timelineTime} dateTime={event.createdAt.toISOString()}>
                  {format.dateTime(event.createdAt)}
                </time>
              </li>
            ))}
          </ol>
        )}
      </section>
    </aside>
  );
}
