'use client';

import { useQuery } from '@tanstack/react-query';
import type { inferRouterOutputs } from '@trpc/server';
import { ReactFlowProvider, useReactFlow } from '@xyflow/react';
import { ChevronLeft, X } from 'lucide-react';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { useCallback, useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import type { FlowDocument, FlowNode, FlowNodeKind } from '../../../domain/flows/document';
import type { AppRouter } from '../../server/trpc/routers/_app';
import { ActionModal } from '../inbox/ActionModal';
import { useTRPC } from '../trpc/client';
import { errorMessage } from '../trpc/errors';
import { Alert, Button, cx, Skeleton } from '../ui';
import { estimatedNodeHeight, layoutPositions, NODE_WIDTH } from './auto-layout';
import type { CanvasDecorations, FlowCanvasNode } from './document-mapping';
import { EditorToolbar, type EditorPane } from './EditorToolbar';
import styles from './editor.module.css';
import { FlowCanvas, type CommitOptions, type SelectRequest } from './FlowCanvas';
import { FlowNamesContext } from './flow-names';
import { addNodes, moveNodes, newElementId, removeElements, replaceNode } from './graph-edits';
import { FlowSettings } from './inspector/FlowSettings';
import { NodeInspector } from './inspector/NodeInspector';
import { hasCommandKey, isTypingTarget } from './keyboard';
import { createNode, type FlowNames } from './node-kinds';
import { NodePalette } from './NodePalette';
import { currentProblems, draftProblems, fieldMessage, problemsByNode, type FlowProblem, type ServerCheck } from './problems';
import { ProblemsPanel } from './ProblemsPanel';
import { Simulator } from './simulator/Simulator';
import { useDocumentHistory } from './useDocumentHistory';
import { useDraftActions, type SavedDraft } from './useDraftActions';
import { VersionsPanel } from './VersionsPanel';
import { VersionView, type VersionMode } from './VersionView';

type LoadedFlow = inferRouterOutputs<AppRouter>['flows']['get'];
const noProblems: FlowProblem[] = [];

export function FlowEditor({ flowId }: { flowId: number }) {
  const trpc = useTRPC();
  const t = useTranslations('flows.editor');
  // The editor owns the draft once loaded: no refetching behind its back.
  const flow = useQuery(trpc.flows.get.queryOptions({ flowId }, { staleTime: Infinity, refetchOnWindowFocus: false }));
  if (flow.status === 'pending') {
    return (
      <div className={styles.editor} aria-busy="true" aria-label={t('loading')}>
        <div className={styles.toolbar}>
          <Skeleton width={220} height={18} />
        </div>
        <div className={styles.canvasMessage}>
          <Skeleton width="60%" height="50%" radius={12} />
        </div>
      </div>
    );
  }
  if (flow.status === 'error') {
    return (
      <div className={styles.loadError}>
        <Link href="/admin/flows" className={styles.back}>
          <ChevronLeft size={15} aria-hidden /> {t('back')}
        </Link>
        <Alert tone="error" role="alert">
          {errorMessage(flow.error)}
        </Alert>
      </div>
    );
  }
  return (
    <ReactFlowProvider>
      <FlowWorkspace flow={flow.data} />
    </ReactFlowProvider>
  );
}

function useNameLookups(): FlowNames {
  const trpc = useTRPC();
  const t = useTranslations('flows.summary');
  const lines = useQuery(trpc.lines.list.queryOptions());
  const users = useQuery(trpc.users.list.queryOptions());
  const flows = useQuery(trpc.flows.published.queryOptions({ kind: 'bot' }));
  return useMemo(
    () => ({
      lines: new Map((lines.data ?? []).map((line) => [line.id, line.name])),
      users: new Map((users.data ?? []).map((user) => [user.id, user.active ? user.name : t('inactiveUser', { name: user.name })])),
      flows: new Map((flows.data ?? []).map((flow) => [flow.id, t('flowVersion', { name: flow.name, version: String(flow.version) })])),
    }),
    [lines.data, users.data, flows.data, t],
  );
}

/** Where a new node goes: the middle of the view, moved down until it covers no other node. */
function freeSpot(document: FlowDocument, center: { x: number; y: number }): { x: number; y: number } {
  const spot = { x: Math.round(center.x - NODE_WIDTH / 2), y: Math.round(center.y - 40) };
  const overlaps = () => document.nodes.some((node) => Math.abs(node.position.x - spot.x) < NODE_WIDTH && Math.abs(node.position.y - spot.y) < 70);
  for (let tries = 0; tries < 50 && overlaps(); tries++) spot.y += 90;
  return spot;
}

function FlowWorkspace({ flow }: { flow: LoadedFlow }) {
  const reactFlow = useReactFlow<FlowCanvasNode>();
  const history = useDocumentHistory(flow.draft);
  const { document, commit: commitToHistory, undo, redo } = history;
  const documentRef = useRef(document);
  documentRef.current = document;
  const names = useNameLookups();
  const t = useTranslations('flows');

  const [name, setName] = useState(flow.name);
  const [saved, setSaved] = useState<SavedDraft>({ document: flow.draft, name: flow.name });
  const [serverCheck, setServerCheck] = useState<ServerCheck | null>({ document: flow.draft, problems: flow.problems });
  const [publishedVersion, setPublishedVersion] = useState(flow.publishedVersion);
  const [pane, setPane] = useState<EditorPane>('inspect');
  const [paneOpen, setPaneOpen] = useState(false);
  const [paletteOpen, setPaletteOpen] = useState(false);
  const [selectedIds, setSelectedIds] = useState<string[]>([]);
  const [selectRequest, setSelectRequest] = useState<SelectRequest | null>(null);
  const [activeNodeId, setActiveNodeId] = useState<string | null>(null);
  const [viewing, setViewing] = useState<number | null>(null);
  const [versionMode, setVersionMode] = useState<VersionMode>('flow');
  const [confirmRollback, setConfirmRollback] = useState<number | null>(null);
  const canvasArea = useRef<HTMLDivElement>(null);

  // Problems follow the draft a moment later while typing, so keystrokes stay quick on big flows.
  const checkedDocument = useDeferredValue(document);
  const localProblems = useMemo(() => draftProblems(checkedDocument), [checkedDocument]);
  const problems = useMemo(() => currentProblems(checkedDocument, localProblems, serverCheck), [checkedDocument, localProblems, serverCheck]);
  const decorations = useMemo<CanvasDecorations>(() => ({ problemsByNode: problemsByNode(problems, checkedDocument, t), activeNodeId }), [problems, checkedDocument, activeNodeId, t]);

  const showPane = useCallback((next: EditorPane) => {
    setPane(next);
    setPaneOpen(true);
  }, []);
  const showProblems = useCallback(() => showPane('problems'), [showPane]);
  const actions = useDraftActions({ flowId: flow.id, history, name, saved, onSaved: setSaved, onServerCheck: setServerCheck, onPublished: setPublishedVersion, showProblems });
  const { dirty } = actions;

  const select = useCallback((nodeIds: string[]) => setSelectRequest((previous) => ({ nodeIds, seq: (previous?.seq ?? 0) + 1 })), []);
  const commit = useCallback(
    (next: FlowDocument, options?: CommitOptions) => {
      commitToHistory(next, options);
      if (options?.select) select(options.select);
    },
    [commitToHistory, select],
  );

  const onSelectionChange = useCallback((ids: string[]) => {
    setSelectedIds((previous) => (previous.length === ids.length && previous.every((id, i) => id === ids[i]) ? previous : ids));
    if (ids.length > 0) setPaneOpen(true);
  }, []);

  const showNode = useCallback(
    (nodeId: string) => {
      const node = documentRef.current.nodes.find((n) => n.id === nodeId);
      if (!node) return;
      setViewing(null);
      select([nodeId]);
      const internal = reactFlow.getInternalNode(nodeId);
      const width = internal?.measured.width ?? NODE_WIDTH;
      const height = internal?.measured.height ?? estimatedNodeHeight(1);
      void reactFlow.setCenter(node.position.x + width / 2, node.position.y + height / 2, { zoom: Math.max(reactFlow.getZoom(), 0.9), duration: 300 });
    },
    [reactFlow, select],
  );

  const addNode = useCallback(
    (kind: FlowNodeKind, position?: { x: number; y: number }) => {
      const current = documentRef.current;
      let at = position;
      if (!at) {
        const box = canvasArea.current?.getBoundingClientRect();
        const center = box ? reactFlow.screenToFlowPosition({ x: box.left + box.width / 2, y: box.top + box.height / 2 }) : { x: 0, y: 0 };
        at = freeSpot(current, center);
      }
      const node = createNode(kind, newElementId(kind), at, t);
      commit(addNodes(current, [node]), { select: [node.id] });
      setPaletteOpen(false);
    },
    [commit, reactFlow, t],
  );

  const tidyUp = useCallback(() => {
    const current = documentRef.current;
    const sizes = new Map(
      current.nodes.flatMap((node) => {
        const measured = reactFlow.getInternalNode(node.id)?.measured;
        return measured?.width && measured.height ? [[node.id, { width: measured.width, height: measured.height }] as const] : [];
      }),
    );
    commit(moveNodes(current, layoutPositions(current, sizes)));
    // After React Flow has the new positions.
    requestAnimationFrame(() => void reactFlow.fitView({ padding: 0.15, maxZoom: 1, duration: 300 }));
  }, [commit, reactFlow]);

  const changeNode = useCallback((node: FlowNode, field: string) => commit(replaceNode(documentRef.current, node), { coalesceKey: `${node.id}:${field}` }), [commit]);
  const deleteNodes = useCallback((ids: string[]) => commit(removeElements(documentRef.current, ids)), [commit]);
  const deleteNode = useCallback((id: string) => deleteNodes([id]), [deleteNodes]);
  const deleteSelected = useCallback(() => deleteNodes(selectedIds), [deleteNodes, selectedIds]);
  const changeVariables = useCallback((variables: FlowDocument['variables']) => commit({ ...documentRef.current, variables }, { coalesceKey: 'variables' }), [commit]);
  const variableError = useCallback(
    (path: string) => {
      const found = problems.filter((problem) => !problem.nodeId && !problem.edgeId && problem.path === path);
      return found.length ? found.map((problem) => fieldMessage(problem, t)).join('; ') : null;
    },
    [problems, t],
  );

  // Undo, redo and save; the canvas has copy, paste and select all.
  const { save } = actions;
  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (!hasCommandKey(event) || event.altKey) return;
      const key = event.key.toLowerCase();
      if (key === 's') {
        event.preventDefault();
        void save();
        return;
      }
      if (isTypingTarget(event.target) || viewing !== null) return;
      if ((key === 'z' && event.shiftKey) || key === 'y') {
        event.preventDefault();
        redo();
      } else if (key === 'z') {
        event.preventDefault();
        undo();
      }
    }
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [redo, save, undo, viewing]);

  useEffect(() => {
    if (!dirty) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  const selectedNode = selectedIds.length === 1 ? document.nodes.find((node) => node.id === selectedIds[0]) : undefined;
  const selectedProblems = useMemo(() => (selectedNode ? problems.filter((problem) => problem.nodeId === selectedNode.id) : noProblems), [problems, selectedNode]);
  const closePane = useCallback(() => {
    setPane('inspect');
    setPaneOpen(false);
  }, []);

  return (
    <FlowNamesContext.Provider value={names}>
      <div className={styles.editor}>
        <EditorToolbar
          name={name}
          kind={document.kind}
          dirty={dirty}
          publishedVersion={publishedVersion}
          publishedAsIs={actions.publishedAsIs}
          problemCount={problems.length}
          pane={pane}
          canUndo={history.canUndo}
          canRedo={history.canRedo}
          saving={actions.saving}
          publishing={actions.publishing}
          validating={actions.validating}
          importing={actions.importing}
          onTogglePalette={() => setPaletteOpen((open) => !open)}
          onUndo={undo}
          onRedo={redo}
          onLayout={tidyUp}
          onPane={(next) => (next === 'inspect' ? closePane() : showPane(next))}
          onSave={() => void actions.save()}
          onValidate={() => void actions.validate()}
          onPublish={() => void actions.publish()}
          onExport={() => void actions.exportJson()}
          onImport={(file) => {
            if (!dirty || window.confirm(t('editor.importConfirm'))) void actions.importJson(file);
          }}
        />
        <div className={styles.body}>
          <div className={styles.paletteColumn} data-open={paletteOpen}>
            <NodePalette kind={document.kind} hasStart={document.nodes.some((node) => node.kind === 'start')} onAdd={addNode} />
          </div>
          <div className={styles.canvasArea} ref={canvasArea}>
            {viewing === null ? (
              <FlowCanvas document={document} decorations={decorations} selectRequest={selectRequest} onCommit={commit} onSelectionChange={onSelectionChange} onDropNode={addNode} />
            ) : (
              <VersionView
                flowId={flow.id}
                version={viewing}
                isLive={viewing === publishedVersion}
                mode={versionMode}
                onMode={setVersionMode}
                onBack={() => setViewing(null)}
                onRollback={() => setConfirmRollback(viewing)}
              />
            )}
          </div>
          <aside className={cx(styles.pane, pane === 'test' && styles.paneWide)} data-open={paneOpen} aria-label={t('editor.details')}>
            {pane === 'inspect' && (
              <div className={styles.paneBar}>
                <Button variant="ghost" size="sm" icon={<X size={14} />} onClick={() => setPaneOpen(false)}>
                  {t('editor.hidePanel')}
                </Button>
              </div>
            )}
            {pane === 'inspect' &&
              (selectedNode ? (
                <NodeInspector key={selectedNode.id} node={selectedNode} problems={selectedProblems} onChange={changeNode} onDelete={deleteNode} />
              ) : (
                <FlowSettings
                  name={name}
                  nameError={actions.nameError}
                  variables={document.variables}
                  variableError={variableError}
                  selectedCount={selectedIds.length}
                  onNameChange={setName}
                  onVariablesChange={changeVariables}
                  onDeleteSelected={deleteSelected}
                />
              ))}
            {pane === 'problems' && <ProblemsPanel problems={problems} document={document} validating={actions.validating} onShowNode={showNode} onClose={closePane} />}
            {pane === 'versions' && (
              <VersionsPanel
                flowId={flow.id}
                publishedVersion={publishedVersion}
                viewing={viewing}
                onView={(version) => {
                  setVersionMode('flow');
                  setViewing(version);
                }}
                onAnalytics={(version) => {
                  setVersionMode('analytics');
                  setViewing(version);
                }}
                onRollback={setConfirmRollback}
                onClose={closePane}
              />
            )}
            {pane === 'test' && <Simulator document={document} flowId={flow.id} onActiveNodeChange={setActiveNodeId} onClose={closePane} onShowNode={showNode} />}
          </aside>
        </div>
        {confirmRollback !== null && (
          <ActionModal
            title={t('editor.rollbackTitle', { version: String(confirmRollback) })}
            description={t(dirty ? 'editor.rollbackDescriptionUnsaved' : 'editor.rollbackDescription', { version: String(confirmRollback) })}
            submitLabel={t('editor.rollbackSubmit')}
            pending={actions.rollingBack}
            error={null}
            onClose={() => setConfirmRollback(null)}
            onSubmit={() => {
              void actions.rollback(confirmRollback).then((done) => {
                if (!done) return;
                setConfirmRollback(null);
                setViewing(null);
              });
            }}
          />
        )}
      </div>
    </FlowNamesContext.Provider>
  );
}
