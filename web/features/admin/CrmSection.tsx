import { useTranslations } from 'next-intl';
import type { LineSettings } from '../../../domain/line-settings';
import { Card } from '../ui';
import { DescribedSwitch } from './DescribedSwitch';
import type { SectionProps } from './line-form';

type CrmSettings = LineSettings['crm'];

/** Each switch's label is the catalogue key `lines.crm.<key>`, its description `<key>Description`. */
const options: (keyof CrmSettings)[] = ['lookUpContact', 'routeToResponsible', 'createLead', 'changeLeadResponsibleOnTransfer'];

/** SPEC §3 CRM: how a line uses and fills the contact and lead records. */
export function CrmSection({ value, onChange }: SectionProps<CrmSettings>) {
  const t = useTranslations('lines.crm');
  return (
    <Card title={t('title')} description={t('description')}>
      {options.map((key) => (
        <DescribedSwitch key={key} checked={value[key]} onChange={(checked) => onChange({ [key]: checked })} label={t(key)} description={t(`${key}Description`)} />
      ))}
    </Card>
  );
}
