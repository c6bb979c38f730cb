'use client';

import { channelKindLabels, channelKindSchema } from '../../../../domain/channels';
import type { FlowKind } from '../../../../domain/flows/document';
import { Input, Select } from '../../ui';
import { useFlowNames } from '../flow-names';
import styles from './simulator.module.css';
import type { SimulatorFacts } from './simulation';

/** The pretend dialog's facts. Changes apply from the next step on. */
export function FactsForm({ facts, flowKind, onChange }: { facts: SimulatorFacts; flowKind: FlowKind; onChange: (facts: SimulatorFacts) => void }) {
  const { users } = useFlowNames();
  const set = (patch: Partial<SimulatorFacts>) => onChange({ ...facts, ...patch });
  return (
    <details className={styles.facts}>
      <summary>Dialog facts</summary>
      <div className={styles.factsGrid}>
        <label>
          Channel
          <Select value={facts.channel} onChange={(e) => set({ channel: channelKindSchema.parse(e.target.value) })}>
            {channelKindSchema.options.map((kind) => (
              <option key={kind} value={kind}>
                {channelKindLabels[kind]}
              </option>
            ))}
          </Select>
        </label>
        <label>
          Local time
          <Input type="time" value={facts.time} onChange={(e) => set({ time: e.target.value || '00:00' })} />
        </label>
        <label>
          Contact name
          <Input value={facts.name} onChange={(e) => set({ name: e.target.value })} />
        </label>
        <label>
          Contact e-mail
          <Input type="email" value={facts.email} onChange={(e) => set({ email: e.target.value })} />
        </label>
        <label>
          Contact phone
          <Input type="tel" value={facts.phone} onChange={(e) => set({ phone: e.target.value })} />
        </label>
        <label>
          Language
          <Input value={facts.language} onChange={(e) => set({ language: e.target.value })} placeholder="e.g. en" />
        </label>
        <label className={styles.wide}>
          Contact tags (comma-separated)
          <Input value={facts.tags} onChange={(e) => set({ tags: e.target.value })} placeholder="e.g. VIP, wholesale" />
        </label>
        {flowKind === 'routing' && (
          <label className={styles.wide}>
            Responsible user
            <Select value={facts.responsibleUserId} onChange={(e) => set({ responsibleUserId: e.target.value })}>
              <option value="">None</option>
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
          Known contact
        </label>
        <label className={styles.check}>
          <input type="checkbox" checked={facts.withinWorkingHours} onChange={(e) => set({ withinWorkingHours: e.target.checked })} />
          Within working hours
        </label>
        {flowKind === 'routing' && (
          <label className={styles.check}>
            <input type="checkbox" checked={facts.responsibleAvailable} onChange={(e) => set({ responsibleAvailable: e.target.checked })} />
            Responsible user can take it now
          </label>
        )}
      </div>
    </details>
  );
}
