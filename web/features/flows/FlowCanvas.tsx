'use client';

import '@xyflow/react/dist/style.css';
import {
  applyEdgeChanges,
  applyNodeChanges,
  Background,
  BackgroundVariant,
  Controls,
  MarkerType,
  MiniMap,
  ReactFlow,
  useReactFlow,
  type Connection,
  type DefaultEdgeOptions,
  type EdgeChange,
  type EdgeTypes,
  type IsValidConnection,
  type NodeChange,
  type NodeTypes,
  type OnBeforeDelete,
  type OnDelete,
  type OnNodeDrag,
  type OnSelectionChangeFunc,
} from '@xyflow/react';
import { useTranslations } from 'next-intl';
import { useCallback, useEffect, useMemo, useState, type DragEvent } from 'react';
import type { FlowDocument, FlowNodeKind } from '../../../domain/flows/document';
import { AnalyticsEdge } from './analytics/AnalyticsEdge';
import { reconcileEdges, reconcileNodes, toReactFlow, type CanvasDecorations, type FlowCanvasEdge, type FlowCanvasNode } from './document-mapping';
import styles from './editor.module.css';
import { FlowNodeCard } from './FlowNodeCard';
import { connect, copyFragment, moveNodes, newElementId, pasteFragment, removeElements, type FlowFragment } from './graph-edits';
import { hasCommandKey, isTypingTarget } from './keyboard';
import { nodeKinds } from './node-kinds';

/** The MIME type the palette puts on a dragged node kind. */
export const NODE_KIND_DRAG_TYPE = 'application/x-openlines-node-kind';

// Module level: React Flow re-creates its node renderers whenever these objects change identity.
const nodeTypes: NodeTypes = Object.fromEntries(Object.keys(nodeKinds).map((kind) => [kind, FlowNodeCard]));
const edgeTypes: EdgeTypes = { analytics: AnalyticsEdge };
const defaultEdgeOptions: DefaultEdgeOptions = { markerEnd: { type: MarkerType.ArrowClosed, width: 18, height: 18 }, interactionWidth: 16 };
const fitViewOptions = { padding: 0.15, maxZoom: 1 };
const deleteKeys = ['Delete', 'Backspace'];
const proOptions = { hideAttribution: false };
/** React Flow's own controls and keyboard help, in the admin's language. */
function useAriaLabels() {
  const t = useTranslations('flows.canvas');
  return useMemo(
    () => ({
      'controls.ariaLabel': t('controls'),
      'controls.zoomIn.ariaLabel': t('zoomIn'),
      'controls.zoomOut.ariaLabel': t('zoomOut'),
      'controls.fitView.ariaLabel': t('fitView'),
      'minimap.ariaLabel': t('minimap'),
      'node.a11yDescription.default': t('nodeHelp'),
      'node.a11yDescription.keyboardDisabled': t('nodeHelpKeyboard'),
    }),
    [t],
  );
}
const minimapColors: Record<string, string> = {
  start: '#168a4b',
  talk: '#5466e8',
  logic: '#b08400',
  data: '#7a5af8',
  integration: '#0e9384',
  finish: '#c4320a',
  route: '#1570ef',
};
const minimapColor = (node: FlowCanvasNode) => (node.data.problems.length > 0 ? '#cf2e24' : (minimapColors[nodeKinds[node.data.node.kind].tone] ?? '#98a1ad'));

/** What Ctrl+C copied, shared by every editor in this tab (copy in one flow, paste in another). */
let clipboard: { fragment: FlowFragment; pastes: number } | null = null;

export interface CommitOptions {
  coalesceKey?: string;
  /** Nodes to select once the document is shown (pasted or added ones). */
  select?: string[];
}

/** Ask the canvas to select these nodes (a problem clicked, a node added); `seq` makes each request new. */
export interface SelectRequest {
  nodeIds: string[];
  seq: number;
}

export interface FlowCanvasProps {
  document: FlowDocument;
  decorations: CanvasDecorations;
  readOnly?: boolean;
  selectRequest?: SelectRequest | null;
  onCommit?: (document: FlowDocument, options?: CommitOptions) => void;
  onSelectionChange?: (nodeIds: string[]) => void;
  onDropNode?: (kind: FlowNodeKind, position: { x: number; y: number }) => void;
}

/**
 * The React Flow canvas over a document. It keeps its own node state while the admin drags and
 * selects; the document changes only on whole edits (drag stop, connect, delete, paste), through
 * `onCommit`, and every new document is merged back in with `reconcileNodes`.
 */
export function FlowCanvas({ document, decorations, readOnly = false, selectRequest = null, onCommit, onSelectionChange, onDropNode }: FlowCanvasProps) {
  const flow = useReactFlow<FlowCanvasNode, FlowCanvasEdge>();
  const t = useTranslations('flows');
  const ariaLabels = useAriaLabels();
  const [nodes, setNodes] = useState<FlowCanvasNode[]>(() => toReactFlow(document, decorations, t).nodes);
  const [edges, setEdges] = useState<FlowCanvasEdge[]>(() => toReactFlow(document, decorations, t).edges);
  const [shown, setShown] = useState({ document, decorations, selectRequest });

  // A new document, decorations or selection request: merge it into the canvas state during render
  // (React's "adjust state when a prop changes"), so the canvas never paints a stale document.
  if (shown.document !== document || shown.decorations !== decorations || shown.selectRequest !== selectRequest) {
    const selectionChanged = shown.selectRequest !== selectRequest && selectRequest !== null;
    setShown({ document, decorations, selectRequest });
    const view = toReactFlow(document, decorations, t);
    const select = selectionChanged ? new Set(selectRequest.nodeIds) : undefined;
    setNodes((previous) => reconcileNodes(previous, view.nodes, select));
    setEdges((previous) => reconcileEdges(previous, view.edges, select ? new Set() : undefined));
  }

  const onNodesChange = useCallback((changes: NodeChange<FlowCanvasNode>[]) => setNodes((current) => applyNodeChanges(changes, current)), []);
  const onEdgesChange = useCallback((changes: EdgeChange<FlowCanvasEdge>[]) => setEdges((current) => applyEdgeChanges(changes, current)), []);

  const onNodeDragStop: OnNodeDrag<FlowCanvasNode> = useCallback(
    (_event, _node, dragged) => onCommit?.(moveNodes(document, new Map(dragged.map((node) => [node.id, node.position])))),
    [document, onCommit],
  );
  const onConnect = useCallback(
    (connection: Connection) => {
      if (!connection.sourceHandle) return;
      onCommit?.(connect(document, { source: connection.source, sourceHandle: connection.sourceHandle, target: connection.target }, newElementId('edge')));
    },
    [document, onCommit],
  );
  const isValidConnection: IsValidConnection<FlowCanvasEdge> = useCallback((connection) => connection.source !== connection.target, []);
  // The start node stays: a flow has exactly one.
  const onBeforeDelete: OnBeforeDelete<FlowCanvasNode, FlowCanvasEdge> = useCallback(
    async ({ nodes: doomed, edges: doomedEdges }) => ({ nodes: doomed.filter((node) => node.data.node.kind !== 'start'), edges: doomedEdges }),
    [],
  );
  const onDelete: OnDelete<FlowCanvasNode, FlowCanvasEdge> = useCallback(
    ({ nodes: deleted, edges: deletedEdges }) => onCommit?.(removeElements(document, deleted.map((node) => node.id), deletedEdges.map((edge) => edge.id))),
    [document, onCommit],
  );
  const handleSelectionChange: OnSelectionChangeFunc<FlowCanvasNode, FlowCanvasEdge> = useCallback(
    ({ nodes: selected }) => onSelectionChange?.(selected.map((node) => node.id)),
    [onSelectionChange],
  );

  const onDragOver = useCallback((event: DragEvent) => {
    if (!event.dataTransfer.types.includes(NODE_KIND_DRAG_TYPE)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
  }, []);
  const onDrop = useCallback(
    (event: DragEvent) => {
      const kind = event.dataTransfer.getData(NODE_KIND_DRAG_TYPE);
      if (!kind || !(kind in nodeKinds)) return;
      event.preventDefault();
      const at = flow.screenToFlowPosition({ x: event.clientX, y: event.clientY });
      onDropNode?.(kind as FlowNodeKind, { x: Math.round(at.x - 120), y: Math.round(at.y - 30) });
    },
    [flow, onDropNode],
  );

  // Copy, paste and select all. Undo, redo and save are the editor's (FlowEditor).
  useEffect(() => {
    if (readOnly) return;
    function onKeyDown(event: KeyboardEvent) {
      if (!hasCommandKey(event) || event.altKey || isTypingTarget(event.target)) return;
      const key = event.key.toLowerCase();
      if (key === 'c') {
        const selected = flow.getNodes().filter((node) => node.selected).map((node) => node.id);
        const fragment = copyFragment(document, selected);
        if (fragment.nodes.length === 0) return;
        clipboard = { fragment, pastes: 0 };
        event.preventDefault();
      } else if (key === 'v' && clipboard) {
        event.preventDefault();
        clipboard.pastes += 1;
        const shift = 40 * clipboard.pastes;
        const pasted = pasteFragment(document, clipboard.fragment, { x: shift, y: shift });
        onCommit?.(pasted.document, { select: pasted.nodeIds });
      } else if (key === 'a') {
        event.preventDefault();
        setNodes((current) => current.map((node) => (node.selected ? node : { ...node, selected: true })));
        setEdges((current) => current.map((edge) => (edge.selected ? edge : { ...edge, selected: true })));
      }
    }
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [document, flow, onCommit, readOnly]);

  return (
    <div className={styles.canvas} onDragOver={readOnly ? undefined : onDragOver} onDrop={readOnly ? undefined : onDrop}>
      <ReactFlow<FlowCanvasNode, FlowCanvasEdge>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        defaultEdgeOptions={defaultEdgeOptions}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onNodeDragStop={readOnly ? undefined : onNodeDragStop}
        onConnect={readOnly ? undefined : onConnect}
        isValidConnection={isValidConnection}
        onBeforeDelete={onBeforeDelete}
        onDelete={readOnly ? undefined : onDelete}
        onSelectionChange={handleSelectionChange}
        nodesDraggable={!readOnly}
        nodesConnectable={!readOnly}
        edgesReconnectable={false}
        deleteKeyCode={readOnly ? null : deleteKeys}
        connectionRadius={28}
        snapToGrid
        snapGrid={[10, 10]}
        minZoom={0.1}
        maxZoom={2}
        fitView
        fitViewOptions={fitViewOptions}
        attributionPosition="top-right"
        proOptions={proOptions}
        ariaLabelConfig={ariaLabels}
      >
        <Background variant={BackgroundVariant.Dots} gap={20} size={1.2} color="var(--gray-300)" />
        <Controls showInteractive={false} position="bottom-left" />
        <MiniMap<FlowCanvasNode> pannable zoomable position="bottom-right" nodeColor={minimapColor} nodeStrokeWidth={0} className={styles.minimap} />
      </ReactFlow>
    </div>
  );
}
