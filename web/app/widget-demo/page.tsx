import type { Metadata } from 'next';
import { channelKeySchema } from '../../../domain/channels';
import styles from './demo.module.css';

export const metadata: Metadata = {
  title: 'Acme Bikes — widget demo',
  robots: { index: false, follow: false },
};

// The channel the first-run seed creates (db/seed.ts DEMO_WIDGET_KEY).
const DEFAULT_CHANNEL = 'website';

type Props = { searchParams: Promise<{ channel?: string | string[] }> };

const bikes = [
  { name: 'Roadrunner 2', kind: 'Road', price: '€1,490', hue: 212, note: 'Carbon fork, 8.9 kg' },
  { name: 'Trailhawk', kind: 'Mountain', price: '€2,150', hue: 142, note: '140 mm travel, 29″ wheels' },
  { name: 'Commuter E', kind: 'E-bike', price: '€2,890', hue: 28, note: '90 km range, belt drive' },
];

/**
 * /widget-demo — a made-up shop's website with the chat embedded exactly as a customer would do it:
 * one script tag. `?channel=KEY` embeds another widget channel.
 */
export default async function WidgetDemoPage({ searchParams }: Props) {
  const requested = (await searchParams).channel;
  const candidate = Array.isArray(requested) ? requested[0] : requested;
  const channel = candidate && channelKeySchema.safeParse(candidate).success ? candidate : DEFAULT_CHANNEL;

  return (
    <div className={styles.page}>
      <header className={styles.nav}>
        <a className={styles.logo} href="#top">
          <span className={styles.logoMark} aria-hidden="true">◎</span> Acme Bikes
        </a>
        <nav aria-label="Main">
          <ul className={styles.navLinks}>
            <li><a href="#bikes">Bikes</a></li>
            <li><a href="#service">Service</a></li>
            <li><a href="#visit">Visit us</a></li>
          </ul>
        </nav>
      </header>

      <main id="top">
        <section className={styles.hero}>
          <div className={styles.heroText}>
            <p className={styles.eyebrow}>New season · 2026 collection</p>
            <h1 className={styles.heroTitle}>Ride further. Ride Acme.</h1>
            <p className={styles.heroLead}>
              Hand-built road, mountain and electric bikes, fitted to you in our workshop. Questions about sizing, delivery or
              repairs? Tap the chat button — a real person answers.
            </p>
            <div className={styles.heroActions}>
              <a className={styles.primary} href="#bikes">Shop bikes</a>
              <a className={styles.secondary} href="#service">Book a service</a>
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
          <h2 className={styles.sectionTitle}>Bestsellers</h2>
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
                  <p className={styles.cardKind}>{bike.kind}</p>
                  <h3 className={styles.cardTitle}>{bike.name}</h3>
                  <p className={styles.cardNote}>{bike.note}</p>
                  <p className={styles.cardPrice}>{bike.price}</p>
                </div>
              </li>
            ))}
          </ul>
        </section>

        <section id="service" className={styles.split}>
          <div>
            <h2 className={styles.sectionTitle}>Workshop &amp; service</h2>
            <p className={styles.muted}>
              Annual check-ups, wheel truing, e-bike diagnostics. Most repairs are done the same day — ask in the chat whether
              your part is in stock.
            </p>
          </div>
          <ul className={styles.facts}>
            <li><strong>30 days</strong> free returns</li>
            <li><strong>2 years</strong> frame warranty</li>
            <li><strong>Free</strong> first service</li>
          </ul>
        </section>
      </main>

      <footer id="visit" className={styles.footer}>
        <p>Acme Bikes · 12 Spoke Street · Open Mon–Sat 10:00–19:00</p>
        <p className={styles.demoNote}>
          Demo page for the Openlines website chat (channel <code>{channel}</code>). Embed code:{' '}
          <code>{`<script src="${'{HOST}'}/widget.js" data-channel="${channel}" async></script>`}</code>
        </p>
      </footer>

      <script src="/widget.js" data-channel={channel} async />
    </div>
  );
}
