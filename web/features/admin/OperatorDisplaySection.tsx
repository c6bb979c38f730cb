import { Card, Field, Input } from '../ui';
import styles from './admin.module.css';
import { DescribedChoices } from './DescribedChoices';
import type { LineForm, SectionProps } from './line-form';

type OperatorDisplayForm = LineForm['operatorDisplay'];

const modes: { value: OperatorDisplayForm['mode']; label: string; description: string }[] = [
  { value: 'profile', label: 'Operator’s own name', description: 'Clients see the name of the operator who answers.' },
  { value: 'line', label: 'One name for the line', description: 'Every operator answers under the same name, such as “Acme Support”.' },
  { value: 'hidden', label: 'Hide who answers', description: 'Clients see answers without an operator’s name.' },
];

/** SPEC §3: the operator data a client sees next to an answer. */
export function OperatorDisplaySection({ value, onChange, error }: SectionProps<OperatorDisplayForm>) {
  return (
    <Card title="Who answers" description="What clients see next to an operator’s answer.">
      <DescribedChoices title="Show clients" name="operator-display-mode" value={value.mode} options={modes} onChange={(mode) => onChange({ mode })} error={error('settings.operatorDisplay.mode')} />
      {value.mode === 'line' && (
        <div className={styles.narrow}>
          <Field label="Name shown to clients" hint="Up to 80 characters." error={error('settings.operatorDisplay.name')}>
            {(control) => <Input {...control} value={value.name} maxLength={80} onChange={(e) => onChange({ name: e.target.value })} placeholder="e.g. Acme Support" />}
          </Field>
          <Field label="Picture address" hint="Optional. An https:// link to an image, stored with the line; the web chat shows the name’s initials for now." error={error('settings.operatorDisplay.avatarUrl')}>
            {(control) => <Input {...control} type="url" inputMode="url" value={value.avatarUrl} onChange={(e) => onChange({ avatarUrl: e.target.value })} placeholder="https://" />}
          </Field>
        </div>
      )}
    </Card>
  );
}
