'use client';

import { Plus, X } from 'lucide-react';
import { channelKindLabels, channelKindSchema } from '../../../../domain/channels';
import { conditionOperatorSchema, type ConditionRule, type ConditionSubject } from '../../../../domain/flows/document';
import { Button, Choices, Input, Select } from '../../ui';
import styles from '../editor.module.css';
import { isYesNoSubject, operatorLabels, subjectLabels } from '../node-kinds';
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

const valuePlaceholder: Partial<Record<Source, string>> = { time: 'HH:MM, e.g. 18:00', language: 'e.g. en', message: 'a keyword' };

export function ConditionForm({ node, update, error }: NodeFormProps<'condition'>) {
  const setRules = (rules: ConditionRule[]) => update({ rules }, 'rules');
  const setRule = (index: number, rule: ConditionRule) => setRules(node.rules.map((old, i) => (i === index ? rule : old)));
  return (
    <>
      <Choices
        legend="Which rules must hold"
        name={`match-${node.id}`}
        value={node.match}
        onChange={(match) => update({ match }, 'match')}
        options={[
          { value: 'all', label: 'All rules (AND)' },
          { value: 'any', label: 'Any rule (OR)' },
        ]}
      />
      <ol className={styles.rules}>
        {node.rules.map((rule, i) => {
          const yesNo = isYesNoSubject(rule.subject.source);
          const needsValue = !yesNo && rule.operator !== 'is_set' && rule.operator !== 'not_set';
          const ruleError = error(`rules[${i}].value`) ?? error(`rules[${i}].subject.key`) ?? error(`rules[${i}]`);
          return (
            <li key={i} className={styles.rule} aria-label={`Rule ${i + 1}`}>
              <div className={styles.ruleLine}>
                <Select aria-label={`Rule ${i + 1}: what to check`} value={rule.subject.source} onChange={(e) => setRule(i, { ...rule, subject: subjectFor(e.target.value as Source, rule.subject), ...(isYesNoSubject(e.target.value as Source) ? { operator: 'is_set', value: '' } : {}) })}>
                  {Object.entries(subjectLabels).map(([source, label]) => (
                    <option key={source} value={source}>
                      {label}
                    </option>
                  ))}
                </Select>
                <Button variant="ghost" size="sm" iconOnly icon={<X size={14} />} aria-label={`Remove rule ${i + 1}`} disabled={node.rules.length === 1} onClick={() => setRules(node.rules.filter((_, j) => j !== i))} />
              </div>
              {rule.subject.source === 'variable' && (
                <Input aria-label={`Rule ${i + 1}: variable name`} className={styles.mono} value={rule.subject.key} onChange={(e) => setRule(i, { ...rule, subject: { source: 'variable', key: e.target.value } })} />
              )}
              {rule.subject.source === 'tag' && <Input aria-label={`Rule ${i + 1}: tag`} value={rule.subject.key} onChange={(e) => setRule(i, { ...rule, subject: { source: 'tag', key: e.target.value } })} />}
              {rule.subject.source === 'contact' && (
                <Select aria-label={`Rule ${i + 1}: contact field`} value={rule.subject.key} onChange={(e) => setRule(i, { ...rule, subject: { source: 'contact', key: e.target.value as 'name' | 'email' | 'phone' } })}>
                  <option value="name">Name</option>
                  <option value="email">E-mail</option>
                  <option value="phone">Phone</option>
                </Select>
              )}
              {yesNo ? (
                <Select aria-label={`Rule ${i + 1}: yes or no`} value={rule.operator === 'not_set' || rule.operator === 'not_equals' ? 'no' : 'yes'} onChange={(e) => setRule(i, { ...rule, operator: e.target.value === 'yes' ? 'is_set' : 'not_set', value: '' })}>
                  <option value="yes">is yes</option>
                  <option value="no">is no</option>
                </Select>
              ) : (
                <div className={styles.ruleLine}>
                  <Select aria-label={`Rule ${i + 1}: comparison`} value={rule.operator} onChange={(e) => setRule(i, { ...rule, operator: e.target.value as ConditionRule['operator'] })}>
                    {conditionOperatorSchema.options.map((operator) => (
                      <option key={operator} value={operator}>
                        {operatorLabels[operator]}
                      </option>
                    ))}
                  </Select>
                  {needsValue &&
                    (rule.subject.source === 'channel' ? (
                      <Select aria-label={`Rule ${i + 1}: value`} value={rule.value} onChange={(e) => setRule(i, { ...rule, value: e.target.value })}>
                        <option value="">Choose a channel</option>
                        {channelKindSchema.options.map((kind) => (
                          <option key={kind} value={kind}>
                            {channelKindLabels[kind]}
                          </option>
                        ))}
                      </Select>
                    ) : (
                      <Input aria-label={`Rule ${i + 1}: value`} aria-invalid={ruleError ? true : undefined} value={rule.value} placeholder={valuePlaceholder[rule.subject.source]} onChange={(e) => setRule(i, { ...rule, value: e.target.value })} />
                    ))}
                </div>
              )}
              {ruleError && <p className={styles.rowListError}>{ruleError}</p>}
            </li>
          );
        })}
      </ol>
      {error('rules') && <p className={styles.rowListError}>{error('rules')}</p>}
      <div>
        <Button size="sm" icon={<Plus size={14} />} disabled={node.rules.length >= 20} onClick={() => setRules([...node.rules, { subject: { source: 'message' }, operator: 'contains', value: '' }])}>
          Add a rule
        </Button>
      </div>
    </>
  );
}
