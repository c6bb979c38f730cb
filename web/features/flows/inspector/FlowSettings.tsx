'use client';

import { useTranslations } from 'next-intl';
import { memo } from 'react';
import type { FlowDocument } from '../../../../domain/flows/document';
import { Button, Field, Input } from '../../ui';
import styles from '../editor.module.css';
import { RowInput, RowList } from './fields';

/** An example identifier, the same in every language. */
const VARIABLE_EXAMPLE = 'order_id';

/** The panel when no node is selected: the flow's name, its declared variables, how to work the canvas. */
export const FlowSettings = memo(function FlowSettings({
  name,
  nameError,
  variables,
  variableError,
  selectedCount,
  onNameChange,
  onVariablesChange,
  onDeleteSelected,
}: {
  name: string;
  nameError: string | null;
  variables: FlowDocument['variables'];
  variableError: (path: string) => string | null;
  selectedCount: number;
  onNameChange: (name: string) => void;
  onVariablesChange: (variables: FlowDocument['variables']) => void;
  onDeleteSelected: () => void;
}) {
  const t = useTranslations('flows.settings');
  const kbd = (chunks: React.ReactNode) => <kbd>{chunks}</kbd>;
  const deleteHelp = t.rich('helpDelete', { kbd });
  const undoHelp = t.rich('helpUndo', { kbd });
  return (
    <section className={styles.inspector} aria-labelledby="flow-settings-title">
      <h2 id="flow-settings-title">{selectedCount > 1 ? t('selected', { count: selectedCount }) : t('flow')}</h2>
      {selectedCount > 1 && (
        <div className={styles.inline}>
          <p className={styles.panelNote}>{t('selectedHint')}</p>
          <Button variant="danger" size="sm" onClick={onDeleteSelected}>
            {t('deleteSelected')}
          </Button>
        </div>
      )}
      <Field label={t('name')} error={nameError}>
        {(control) => <Input {...control} value={name} maxLength={120} onChange={(e) => onNameChange(e.target.value)} />}
      </Field>
      <RowList
        legend={t('variables')}
        itemName={t('variable')}
        items={variables}
        max={100}
        addLabel={t('declareVariable')}
        create={() => ({ name: '', description: '' })}
        onChange={onVariablesChange}
        renderRow={(variable, i, set) => (
          <>
            <RowInput label={t('variableName', { index: String(i + 1) })} value={variable.name} error={variableError(`variables[${i}].name`)} onChange={(value) => set({ ...variable, name: value })} placeholder={VARIABLE_EXAMPLE} mono />
            <RowInput label={t('variableDescription', { index: String(i + 1) })} value={variable.description} error={null} onChange={(description) => set({ ...variable, description })} placeholder={t('variableDescriptionPlaceholder')} />
          </>
        )}
      />
      <div className={styles.help}>
        <h3>{t('helpTitle')}</h3>
        <ul>
          <li>{t('helpDrag')}</li>
          <li>{t('helpConnect')}</li>
          <li>{deleteHelp}</li>
          <li>{undoHelp}</li>
        </ul>
      </div>
    </section>
  );
});
