'use client';

import { memo } from 'react';
import type { FlowDocument } from '../../../../domain/flows/document';
import { Button, Field, Input } from '../../ui';
import styles from '../editor.module.css';
import { RowInput, RowList } from './fields';

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
  return (
    <section className={styles.inspector} aria-labelledby="flow-settings-title">
      <h2 id="flow-settings-title">{selectedCount > 1 ? `${selectedCount} nodes selected` : 'Flow'}</h2>
      {selectedCount > 1 && (
        <div className={styles.inline}>
          <p className={styles.panelNote}>Drag one to move them all; Ctrl+C copies them.</p>
          <Button variant="danger" size="sm" onClick={onDeleteSelected}>
            Delete selected
          </Button>
        </div>
      )}
      <Field label="Flow name" error={nameError}>
        {(control) => <Input {...control} value={name} maxLength={120} onChange={(e) => onNameChange(e.target.value)} />}
      </Field>
      <RowList
        legend="Variables"
        items={variables}
        max={100}
        addLabel="Declare a variable"
        create={() => ({ name: '', description: '' })}
        onChange={onVariablesChange}
        renderRow={(variable, i, set) => (
          <>
            <RowInput label={`Variable ${i + 1} name`} value={variable.name} error={variableError(`variables[${i}].name`)} onChange={(value) => set({ ...variable, name: value })} placeholder="order_id" mono />
            <RowInput label={`Variable ${i + 1} description`} value={variable.description} error={null} onChange={(description) => set({ ...variable, description })} placeholder="What it holds" />
          </>
        )}
      />
      <div className={styles.help}>
        <h3>Working on the canvas</h3>
        <ul>
          <li>Drag a step from the left, or pick it with Enter.</li>
          <li>Connect an output (right) to the next step’s input (left).</li>
          <li>
            <kbd>Delete</kbd> removes what is selected; <kbd>Ctrl</kbd>+<kbd>C</kbd> / <kbd>V</kbd> copy and paste; <kbd>Ctrl</kbd>+<kbd>A</kbd> selects all.
          </li>
          <li>
            <kbd>Ctrl</kbd>+<kbd>Z</kbd> undoes, <kbd>Ctrl</kbd>+<kbd>Shift</kbd>+<kbd>Z</kbd> redoes, <kbd>Ctrl</kbd>+<kbd>S</kbd> saves the draft.
          </li>
        </ul>
      </div>
    </section>
  );
});
