'use client';

import { Plus, X } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { channelKindSchema } from '../../../../domain/channels';
import { conditionSubjectSources } from './condition-subjects';
import { conditionOperatorSchema, type ConditionRule, type ConditionSubject } from '../../../../domain/flows/document';
import { Button, Choices, Input, Select } from '../../ui';
import styles from '../editor.module.css';
import { isYesNoSubject } from '../node-kinds';
import type { NodeFormProps } from './node-form';

type Source = ConditionSubject['source'];

function subjectFor(source: Source, previous: ConditionSubject): ConditionSubject {
  switch (source) {
    case 'variable':
      return { source, key: previous.source === 'variable' ? previous.key : 'answer' };
    case 'contact':
      return { source, key: previous.source === 'contact' ? previous.key : 'email' };
    case 'tag':
      return { source, key: previous.source === 'tag' ? previous.key : 'VIP' };
    default:
      return { source };
  }
}

const valuePlaceholder = { time: 'timePlaceholder', language: 'languagePlaceholder', message: 'keywordPlaceholder' } as const satisfies Partial<Record<Source, string>>;

export function ConditionForm({ node, update, error }: NodeFormProps<'condition'>) {
  const t = useTranslations('flows');
  const setRules = (rules: ConditionRule[]) => update({ rules }, 'rules');
  const rulesError = error('rules');
  const setRule = (index: number, rule: ConditionRule) => setRules(node.rules.map((old, i) => (i === index ? rule : old)));
  return (
    <>
      <Choices
        legend={t('inspector.whichRules')}
        name={`match-${node.id}`}
        value={node.match}
        onChange={(match) => update({ match }, 'match')}
        options={[
          { value: 'all', label: t('inspector.allRules') },
          { value: 'any', label: t('inspector.anyRule') },
        ]}
      />
      <ol className={styles.rules}>
        {node.rules.map((rule, i) => {
          const yesNo = isYesNoSubject(rule.subject.source);
          const needsValue = !yesNo && rule.operator !== 'is_set' && rule.operator !== 'not_set';
          const ruleError = error(`rules[${i}].value`) ?? error(`rules[${i}].subject.key`) ?? error(`rules[${i}]`);
          const index = String(i + 1);
          const placeholderKey = rule.subject.source in valuePlaceholder ? valuePlaceholder[rule.subject.source as keyof typeof valuePlaceholder] : null;
          return (
            <li key={i} className={styles.rule} aria-label={t('inspector.rule', { index })}>
              <div className={styles.ruleLine}>
                <Select aria-label={t('inspector.ruleSubject', { index })} value={rule.subject.source} onChange={(e) => setRule(i, { ...rule, subject: subjectFor(e.target.value as Source, rule.subject), ...(isYesNoSubject(e.target.value as Source) ? { operator: 'is_set', value: '' } : {}) })}>
                  {conditionSubjectSources.map((source) => (
                    <option key={source} value={source}>
                      {t(`subjects.${source}`)}
                    </option>
                  ))}
                </Select>
                <Button variant="ghost" size="sm" iconOnly icon={<X size={14} />} aria-label={t('inspector.removeRule', { index })} disabled={node.rules.length === 1} onClick={() => setRules(node.rules.filter((_, j) => j !== i))} />
              </div>
              {rule.subject.source === 'variable' && (
                <Input aria-label={t('inspector.ruleVariable', { index })} className={styles.mono} value={rule.subject.key} onChange={(e) => setRule(i, { ...rule, subject: { source: 'variable', key: e.target.value } })} />
              )}
              {rule.subject.source === 'tag' && <Input aria-label={t('inspector.ruleTag', { index })} value={rule.subject.key} onChange={(e) => setRule(i, { ...rule, subject: { source: 'tag', key: e.target.value } })} />}
              {rule.subject.source === 'contact' && (
                <Select aria-label={t('inspector.ruleContactField', { index })} value={rule.subject.key} onChange={(e) => setRule(i, { ...rule, subject: { source: 'contact', key: e.target.value as 'name' | 'email' | 'phone' } })}>
                  <option value="name">{t('contactFields.name')}</option>
                  <option value="email">{t('contactFields.email')}</option>
                  <option value="phone">{t('contactFields.phone')}</option>
                </Select>
              )}
              {yesNo ? (
                <Select aria-label={t('inspector.ruleYesNo', { index })} value={rule.operator === 'not_set' || rule.operator === 'not_equals' ? 'no' : 'yes'} onChange={(e) => setRule(i, { ...rule, operator: e.target.value === 'yes' ? 'is_set' : 'not_set', value: '' })}>
                  <option value="yes">{t('inspector.isYes')}</option>
                  <option value="no">{t('inspector.isNo')}</option>
                </Select>
              ) : (
                <div className={styles.ruleLine}>
                  <Select aria-label={t('inspector.ruleComparison', { index })} value={rule.operator} onChange={(e) => setRule(i, { ...rule, operator: e.target.value as ConditionRule['operator'] })}>
                    {conditionOperatorSchema.options.map((operator) => (
                      <option key={operator} value={operator}>
                        {t(`operators.${operator}`)}
                      </option>
                    ))}
                  </Select>
                  {needsValue &&
                    (rule.subject.source === 'channel' ? (
                      <Select aria-label={t('inspector.ruleValue', { index })} value={rule.value} onChange={(e) => setRule(i, { ...rule, value: e.target.value })}>
                        <option value="">{t('inspector.chooseChannel')}</option>
                        {channelKindSchema.options.map((kind) => (
                          <option key={kind} value={kind}>
                            {t(`channelKinds.${kind}`)}
                          </option>
                        ))}
                      </Select>
                    ) : (
                      <Input aria-label={t('inspector.ruleValue', { index })} aria-invalid={ruleError ? true : undefined} value={rule.value} placeholder={placeholderKey ? t(`inspector.${placeholderKey}`) : undefined} onChange={(e) => setRule(i, { ...rule, value: e.target.value })} />
                    ))}
                </div>
              )}
              {ruleError && <p className={styles.rowListError}>{ruleError}</p>}
            </li>
          );
        })}
      </ol>
      {rulesError && <p className={styles.rowListError}>{rulesError}</p>}
      <div>
        <Button size="sm" icon={<Plus size={14} />} disabled={node.rules.length >= 20} onClick={() => setRules([...node.rules, { subject: { source: 'message' }, operator: 'contains', value: '' }])}>
          {t('inspector.addRule')}
        </Button>
      </div>
    </>
  );
}
