'use client';

import { Handle, Position, type NodeProps } from '@xyflow/react';
import { CircleAlert } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { memo } from 'react';
import { outputHandles } from '../../../domain/flows/document';
import { NodeAnalyticsBadge } from './analytics/NodeAnalyticsBadge';
import type { FlowCanvasNode } from './document-mapping';
import { useFlowNames } from './flow-names';
import styles from './flow-node.module.css';
import tones from './tones.module.css';
import { handleTitle, kindView, nodeSummary, nodeTitle } from './node-kinds';

/**
 * A node on the canvas: icon, title, one line of what it does, and its outputs. The input is on
 * the left, outputs on the right (several outputs get a labelled row each). Memoised: during a
 * drag only the moved node renders.
 */
function FlowNodeCardView({ data, selected }: NodeProps<FlowCanvasNode>) {
  const { node, problems, active, analytics } = data;
  const names = useFlowNames();
  const t = useTranslations('flows');
  const view = kindView(node.kind);
  const Icon = view.icon;
  const title = nodeTitle(node, t);
  const outputs = outputHandles(node);
  const invalid = problems.length > 0;
  return (
    <div className={`${styles.card} ${tones.tone}`} data-tone={view.tone} data-invalid={invalid || undefined} data-active={active || undefined} data-selected={selected || undefined} data-drop-off={analytics?.biggest || undefined}>
      {node.kind !== 'start' && <Handle type="target" position={Position.Left} className={styles.target} aria-label={t('node.input', { title })} />}
      <div className={styles.header}>
        <span className={tones.icon} aria-hidden>
          <Icon size={14} />
        </span>
        <span className={styles.title}>{title}</span>
        {invalid && (
          <span className={styles.problemMark}>
            <CircleAlert size={15} aria-hidden />
            <span className="visually-hidden">{t('node.problems', { list: problems.join('; ') })}</span>
          </span>
        )}
      </div>
      <p className={styles.summary}>{nodeSummary(node, names, t)}</p>
      {outputs.length === 1 && <Handle type="source" position={Position.Right} id={outputs[0]} className={styles.source} aria-label={t('node.output', { title, output: handleTitle(outputs[0]!, t) })} />}
      {outputs.length > 1 && (
        <ul className={styles.outputs}>
          {outputs.map((handle) => {
            const label = handleTitle(handle, t);
            return (
              <li key={handle} className={styles.output} data-handle={handle}>
                {label}
                <Handle type="source" position={Position.Right} id={handle} className={styles.source} aria-label={t('node.output', { title, output: label })} />
              </li>
            );
          })}
        </ul>
      )}
      {analytics && <NodeAnalyticsBadge overlay={analytics} />}
      {invalid && (
        <div className={styles.tooltip} role="tooltip" aria-hidden>
          {problems.map((problem, i) => (
            <p key={i}>{problem}</p>
          ))}
        </div>
      )}
    </div>
  );
}

export const FlowNodeCard = memo(FlowNodeCardView);
