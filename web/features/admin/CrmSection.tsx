import type { LineSettings } from '../../../domain/line-settings';
import { Card } from '../ui';
import { DescribedSwitch } from './DescribedSwitch';
import type { SectionProps } from './line-form';

type CrmSettings = LineSettings['crm'];

const options: { key: keyof CrmSettings; label: string; description: string }[] = [
  {
    key: 'lookUpContact',
    label: 'Look up the client',
    description: 'A new message from a known e-mail or phone joins that contact, so one person writing from several channels is one client.',
  },
  {
    key: 'routeToResponsible',
    label: 'Route to the responsible user',
    description:
      'A known client’s new dialog goes straight to their contact’s responsible user, even if they are not in this queue. If that user is unavailable, the availability check decides: on, the queue takes it; off, it waits for them.',
  },
  {
    key: 'createLead',
    label: 'Create a lead for a new client',
    description: 'A new client who can be written back to gets a sales lead from their first dialog; an anonymous visitor who left no contact data does not.',
  },
  {
    key: 'changeLeadResponsibleOnTransfer',
    label: 'Change the lead’s responsible user on transfer',
    description: 'When the dialog is transferred to another operator, that operator becomes responsible for the client’s lead.',
  },
];

/** SPEC §3 CRM: how a line uses and fills the contact and lead records. */
export function CrmSection({ value, onChange }: SectionProps<CrmSettings>) {
  return (
    <Card title="CRM" description="Recognise returning clients, send them to their own manager and keep leads up to date.">
      {options.map((option) => (
        <DescribedSwitch
          key={option.key}
          checked={value[option.key]}
          onChange={(checked) => onChange({ [option.key]: checked })}
          label={option.label}
          description={option.description}
        />
      ))}
    </Card>
  );
}
