'use client';

import { memo, type DragEvent } from 'react';
import { nodeKindsOf, type FlowKind, type FlowNodeKind } from '../../../domain/flows/document';
import styles from './editor.module.css';
import { NODE_KIND_DRAG_TYPE } from './FlowCanvas';
import { nodeKinds } from './node-kinds';
import tones from './tones.module.css';

/**
 * The steps this kind of flow may use, grouped. Drag one onto the canvas, or press it (mouse or
 * keyboard) to add it in the middle of the view. The start node is offered only when missing.
 */
export const NodePalette = memo(function NodePalette({ kind, hasStart, onAdd }: { kind: FlowKind; hasStart: boolean; onAdd: (kind: FlowNodeKind) => void }) {
  const kinds = nodeKindsOf[kind].filter((k) => k !== 'start' || !hasStart);
  const groups = new Map<string, FlowNodeKind[]>();
  for (const k of kinds) groups.set(nodeKinds[k].group, [...(groups.get(nodeKinds[k].group) ?? []), k]);
  return (
    <nav className={styles.palette} aria-label="Steps to add">
      {[...groups].map(([group, members]) => (
        <section key={group} className={styles.paletteGroup} aria-label={group}>
          <h2 className={styles.paletteTitle}>{group}</h2>
          <ul>
            {members.map((k) => {
              const view = nodeKinds[k];
              const Icon = view.icon;
              return (
                <li key={k}>
                  <button
                    type="button"
                    className={`${styles.paletteItem} ${tones.tone}`}
                    data-tone={view.tone}
                    draggable
                    title={view.description}
                    aria-label={`Add ${view.title}`}
                    onDragStart={(event: DragEvent) => {
                      event.dataTransfer.setData(NODE_KIND_DRAG_TYPE, k);
                      event.dataTransfer.effectAllowed = 'copy';
                    }}
                    onClick={() => onAdd(k)}
                  >
                    <span className={tones.icon} aria-hidden>
                      <Icon size={14} />
                    </span>
                    {view.title}
                  </button>
                </li>
              );
            })}
          </ul>
        </section>
      ))}
    </nav>
  );
});
