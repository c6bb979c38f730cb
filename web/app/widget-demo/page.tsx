import type { Metadata } from 'next';
import { getFormatter, getTranslations } from 'next-intl/server';
import type { ReactNode } from 'react';
import { channelKeySchema } from '../../../domain/channels';
import styles from './demo.module.css';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('common.widgetDemo');
  return { title: t('title'), robots: { index: false, follow: false } };
}

// The channel the first-run seed creates (db/seed.ts DEMO_WIDGET_KEY).
const DEFAULT_CHANNEL = 'website';

type Props = { searchParams: Promise<{ channel?: string | string[] }> };

const bikes = [
  { name: 'Roadrunner 2', kind: 'road', price: 1490, hue: 212, note: 'roadrunner' },
  { name: 'Trailhawk', kind: 'mountain', price: 2150, hue: 142, note: 'trailhawk' },
  { name: 'Commuter E', kind: 'ebike', price: 2890, hue: 28, note: 'commuter' },
] as const;

const LOGO_MARK = '◎';
const PRICE = { style: 'currency', currency: 'EUR', maximumFractionDigits: 0 } as const;
const strong = (chunks: ReactNode) => <strong>{chunks}</strong>;

/**
 * /widget-demo — a made-up shop's website with the chat embedded exactly as a customer would do it:
 * one script tag. `?channel=KEY` embeds another widget channel.
 */
export default async function WidgetDemoPage({ searchParams }: Props) {
  const requested = (await searchParams).channel;
  const candidate = Array.isArray(requested) ? requested[0] : requested;
  const channel = candidate && channelKeySchema.safeParse(candidate).success ? candidate : DEFAULT_CHANNEL;
  const t = await getTranslations('common.widgetDemo');
  const format = await getFormatter();
  const facts = [t.rich('returns', { strong }), t.rich('warranty', { strong }), t.rich('firstService', { strong })];
  const demoNote = t.rich('demoNote', { channel, code: (chunks) => <code>{chunks}</code> });
  const embedCode = `<script src="{HOST}/widget.js" data-channel="${channel}" async></script>`;

  return (
    <div className={styles.page}>
      <header className={styles.nav}>
        <a className={styles.logo} href="#top">
          <span className={styles.logoMark} aria-hidden="true">{LOGO_MARK}</span> {t('shop')}
        </a>
        <nav aria-label={t('nav')}>
          <ul className={styles.navLinks}>
            <li><a href="#bikes">{t('bikes')}</a></li>
            <li><a href="#service">{t('service')}</a></li>
            <li><a href="#visit">{t('visit')}</a></li>
          </ul>
        </nav>
      </header>

      <main id="top">
        <section className={styles.hero}>
          <div className={styles.heroText}>
            <p className={styles.eyebrow}>{t('eyebrow')}</p>
            <h1 className={styles.heroTitle}>{t('heroTitle')}</h1>
            <p className={styles.heroLead}>{t('heroLead')}</p>
            <div className={styles.heroActions}>
              <a className={styles.primary} href="#bikes">{t('shopBikes')}</a>
              <a className={styles.secondary} href="#service">{t('bookService')}</a>
            </div>
          </div>
          <div className={styles.heroArt} aria-hidden="true">
            <svg viewBox="0 0 240 150" className={styles.bikeSvg}>
              <circle cx="55" cy="105" r="38" />
              <circle cx="185" cy="105" r="38" />
              <path d="M55 105 95 50h70l20 55M95 50l30 55h-70M125 105l40-55M90 40h22M160 38l5 12 18-4" />
            </svg>
          </div>
        </section>

        <section id="bikes" className={styles.section}>
          <h2 className={styles.sectionTitle}>{t('bestsellers')}</h2>
          <ul className={styles.cards}>
            {bikes.map((bike) => (
              <li key={bike.name} className={styles.card}>
                <div className={styles.cardArt} style={{ background: `hsl(${bike.hue} 70% 94%)`, color: `hsl(${bike.hue} 60% 38%)` }} aria-hidden="true">
                  <svg viewBox="0 0 240 150" className={styles.bikeSvgSmall}>
                    <circle cx="55" cy="105" r="38" />
                    <circle cx="185" cy="105" r="38" />
                    <path d="M55 105 95 50h70l20 55M95 50l30 55h-70M125 105l40-55M90 40h22M160 38l5 12 18-4" />
                  </svg>
                </div>
                <div className={styles.cardBody}>
                  <p className={styles.cardKind}>{t(`kinds.${bike.kind}`)}</p>
                  <h3 className={styles.cardTitle}>{bike.name}</h3>
                  <p className={styles.cardNote}>{t(`notes.${bike.note}`)}</p>
                  <p className={styles.cardPrice}>{format.number(bike.price, PRICE)}</p>
                </div>
              </li>
            ))}
          </ul>
        </section>

        <section id="service" className={styles.split}>
          <div>
            <h2 className={styles.sectionTitle}>{t('workshop')}</h2>
            <p className={styles.muted}>{t('workshopText')}</p>
          </div>
          <ul className={styles.facts}>
            {facts.map((fact, i) => (
              <li key={i}>{fact}</li>
            ))}
          </ul>
        </section>
      </main>

      <footer id="visit" className={styles.footer}>
        <p>{t('address')}</p>
        <p className={styles.demoNote}>
          {demoNote}{' '}
          <code>{embedCode}</code>
        </p>
      </footer>

      <script src="/widget.js" data-channel={channel} async />
    </div>
  );
}
