'use client';

import { useTranslations } from 'next-intl';
import { memo, type DragEvent } from 'react';
import { nodeKindsOf, type FlowKind, type FlowNodeKind } from '../../../domain/flows/document';
import styles from './editor.module.css';
import { NODE_KIND_DRAG_TYPE } from './FlowCanvas';
import { kindTitle, nodeKinds } from './node-kinds';
import tones from './tones.module.css';

/**
 * The steps this kind of flow may use, grouped. Drag one onto the canvas, or press it (mouse or
 * keyboard) to add it in the middle of the view. The start node is offered only when missing.
 */
export const NodePalette = memo(function NodePalette({ kind, hasStart, onAdd }: { kind: FlowKind; hasStart: boolean; onAdd: (kind: FlowNodeKind) => void }) {
  const t = useTranslations('flows');
  const kinds = nodeKindsOf[kind].filter((k) => k !== 'start' || !hasStart);
  const groups = new Map<(typeof nodeKinds)[FlowNodeKind]['group'], FlowNodeKind[]>();
  for (const k of kinds) groups.set(nodeKinds[k].group, [...(groups.get(nodeKinds[k].group) ?? []), k]);
  return (
    <nav className={styles.palette} aria-label={t('palette.label')}>
      {[...groups].map(([group, members]) => (
        <section key={group} className={styles.paletteGroup} aria-label={t(`palette.groups.${group}`)}>
          <h2 className={styles.paletteTitle}>{t(`palette.groups.${group}`)}</h2>
          <ul>
            {members.map((k) => {
              const view = nodeKinds[k];
              const Icon = view.icon;
              const title = kindTitle(k, t);
              return (
                <li key={k}>
                  <button
                    type="button"
                    className={`${styles.paletteItem} ${tones.tone}`}
                    data-tone={view.tone}
                    draggable
                    title={t(`nodeKinds.${k}.description`)}
                    aria-label={t('palette.add', { title })}
                    onDragStart={(event: DragEvent) => {
                      event.dataTransfer.setData(NODE_KIND_DRAG_TYPE, k);
                      event.dataTransfer.effectAllowed = 'copy';
                    }}
                    onClick={() => onAdd(k)}
                  >
                    <span className={tones.icon} aria-hidden>
                      <Icon size={14} />
                    </span>
                    {title}
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
