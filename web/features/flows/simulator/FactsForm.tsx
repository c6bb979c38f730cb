'use client';

import { useTranslations } from 'next-intl';
import { channelKindSchema } from '../../../../domain/channels';
import type { FlowKind } from '../../../../domain/flows/document';
import { Input, Select } from '../../ui';
import { useFlowNames } from '../flow-names';
import styles from './simulator.module.css';
import type { SimulatorFacts } from './simulation';

/** The pretend dialog's facts. Changes apply from the next step on. */
export function FactsForm({ facts, flowKind, onChange }: { facts: SimulatorFacts; flowKind: FlowKind; onChange: (facts: SimulatorFacts) => void }) {
  const { users } = useFlowNames();
  const t = useTranslations('flows');
  const set = (patch: Partial<SimulatorFacts>) => onChange({ ...facts, ...patch });
  return (
    <details className={styles.facts}>
      <summary>{t('simulator.facts')}</summary>
      <div className={styles.factsGrid}>
        <label>
          {t('simulator.channel')}
          <Select value={facts.channel} onChange={(e) => set({ channel: channelKindSchema.parse(e.target.value) })}>
            {channelKindSchema.options.map((kind) => (
              <option key={kind} value={kind}>
                {t(`channelKinds.${kind}`)}
              </option>
            ))}
          </Select>
        </label>
        <label>
          {t('simulator.localTime')}
          <Input type="time" value={facts.time} onChange={(e) => set({ time: e.target.value || '00:00' })} />
        </label>
        <label>
          {t('simulator.contactName')}
          <Input value={facts.name} onChange={(e) => set({ name: e.target.value })} />
        </label>
        <label>
          {t('simulator.contactEmail')}
          <Input type="email" value={facts.email} onChange={(e) => set({ email: e.target.value })} />
        </label>
        <label>
          {t('simulator.contactPhone')}
          <Input type="tel" value={facts.phone} onChange={(e) => set({ phone: e.target.value })} />
        </label>
        <label>
          {t('simulator.language')}
          <Input value={facts.language} onChange={(e) => set({ language: e.target.value })} placeholder={t('simulator.languagePlaceholder')} />
        </label>
        <label className={styles.wide}>
          {t('simulator.tags')}
          <Input value={facts.tags} onChange={(e) => set({ tags: e.target.value })} placeholder={t('simulator.tagsPlaceholder')} />
        </label>
        {flowKind === 'routing' && (
          <label className={styles.wide}>
            {t('simulator.responsible')}
            <Select value={facts.responsibleUserId} onChange={(e) => set({ responsibleUserId: e.target.value })}>
              <option value="">{t('simulator.none')}</option>
              {[...users].map(([id, name]) => (
                <option key={id} value={id}>
                  {name}
                </option>
              ))}
            </Select>
          </label>
        )}
        <label className={styles.check}>
          <input type="checkbox" checked={facts.known} onChange={(e) => set({ known: e.target.checked })} />
          {t('simulator.known')}
        </label>
        <label className={styles.check}>
          <input type="checkbox" checked={facts.withinWorkingHours} onChange={(e) => set({ withinWorkingHours: e.target.checked })} />
          {t('simulator.workingHours')}
        </label>
        {flowKind === 'routing' && (
          <label className={styles.check}>
            <input type="checkbox" checked={facts.responsibleAvailable} onChange={(e) => set({ responsibleAvailable: e.target.checked })} />
            {t('simulator.responsibleAvailable')}
          </label>
        )}
      </div>
    </details>
  );
}
