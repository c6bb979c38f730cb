'use client';

import { BaseEdge, EdgeLabelRenderer, getBezierPath, type EdgeProps } from '@xyflow/react';
import { useFormatter } from 'next-intl';
import { memo } from 'react';
import type { FlowCanvasEdge } from '../document-mapping';
import styles from './analytics.module.css';

/** An edge in the analytics mode: as thick as its share of the period's dialogs, labelled with their number. */
function AnalyticsEdgeView({ id, data, sourceX, sourceY, sourcePosition, targetX, targetY, targetPosition, markerEnd, style, interactionWidth }: EdgeProps<FlowCanvasEdge>) {
  const format = useFormatter();
  const [path, labelX, labelY] = getBezierPath({ sourceX, sourceY, sourcePosition, targetX, targetY, targetPosition });
  const dialogs = data?.dialogs ?? 0;
  return (
    <>
      <BaseEdge id={id} path={path} markerEnd={markerEnd} interactionWidth={interactionWidth} style={{ ...style, strokeWidth: data?.strokeWidth, stroke: dialogs > 0 ? 'var(--accent)' : undefined }} />
      <EdgeLabelRenderer>
        <div className={styles.edgeLabel} data-empty={dialogs === 0 || undefined} data-edge-id={id} style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}>
          {format.number(dialogs)}
        </div>
      </EdgeLabelRenderer>
    </>
  );
}

export const AnalyticsEdge = memo(AnalyticsEdgeView);
