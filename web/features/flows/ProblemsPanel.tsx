'use client';

import { CircleAlert, CircleCheck } from 'lucide-react';
import { useTranslations } from 'next-intl';
import type { FlowDocument } from '../../../domain/flows/document';
import styles from './editor.module.css';
import { nodeTitle } from './node-kinds';
import { PaneHeader } from './PaneHeader';
import { problemText, type FlowProblem } from './problems';

/** Everything that keeps the draft from being published; a problem on a node takes you to it. */
export function ProblemsPanel({ problems, document, validating, onShowNode, onClose }: {
  problems: readonly FlowProblem[];
  document: FlowDocument;
  validating: boolean;
  onShowNode: (nodeId: string) => void;
  onClose: () => void;
}) {
  const t = useTranslations('flows');
  const nodes = new Map(document.nodes.map((node) => [node.id, node]));
  const edgeSource = new Map(document.edges.map((edge) => [edge.id, edge.source]));
  return (
    <section className={styles.inspector} aria-labelledby="problems-title">
      <PaneHeader id="problems-title" title={t('problems.title')} closeLabel={t('problems.close')} onClose={onClose} />
      {validating && <p className={styles.panelNote}>{t('problems.checking')}</p>}
      {problems.length === 0 ? (
        <p className={styles.allGood} role="status">
          <CircleCheck size={16} aria-hidden /> {t('problems.none')}
        </p>
      ) : (
        <ul className={styles.problemList} aria-label={t('problems.list')}>
          {problems.map((problem, i) => {
            const nodeId = problem.nodeId ?? (problem.edgeId ? edgeSource.get(problem.edgeId) : undefined);
            const node = nodeId ? nodes.get(nodeId) : undefined;
            const text = (
              <>
                <CircleAlert size={14} aria-hidden className={styles.problemIcon} />
                <span>
                  {node && <strong>{t('problems.inNode', { node: nodeTitle(node, t) })} </strong>}
                  {problemText(problem, t)}
                </span>
              </>
            );
            return (
              <li key={i}>
                {node ? (
                  <button type="button" className={styles.problem} onClick={() => onShowNode(node.id)}>
                    {text}
                  </button>
                ) : (
                  <p className={styles.problem}>{text}</p>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
