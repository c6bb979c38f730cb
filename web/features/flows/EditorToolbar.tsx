'use client';

import { ChevronLeft, CircleAlert, Download, FlaskConical, History, ListChecks, Network, PanelLeft, Redo2, Rocket, Save, Undo2, Upload } from 'lucide-react';
import Link from 'next/link';
import { useRef, type MouseEvent, type ReactNode } from 'react';
import { Badge, Button } from '../ui';
import styles from './editor.module.css';

export type EditorPane = 'inspect' | 'problems' | 'versions' | 'test';

function ToolButton({ label, icon, shortcut, ...rest }: { label: string; icon: ReactNode; shortcut?: string } & Omit<React.ComponentProps<typeof Button>, 'icon' | 'children'>) {
  return (
    <Button size="sm" icon={icon} aria-label={label} title={shortcut ? `${label} (${shortcut})` : label} aria-keyshortcuts={shortcut?.replace('Ctrl', 'Control')} {...rest}>
      <span className={styles.toolLabel}>{label}</span>
    </Button>
  );
}

/** The editor's top bar: where you are, whether it is saved, and every action on the draft. */
export function EditorToolbar(props: {
  name: string;
  kind: 'bot' | 'routing';
  dirty: boolean;
  publishedVersion: number | null;
  /** The draft is exactly the version last published from here. */
  publishedAsIs: boolean;
  problemCount: number;
  pane: EditorPane;
  canUndo: boolean;
  canRedo: boolean;
  saving: boolean;
  publishing: boolean;
  validating: boolean;
  importing: boolean;
  onTogglePalette: () => void;
  onUndo: () => void;
  onRedo: () => void;
  onLayout: () => void;
  onPane: (pane: EditorPane) => void;
  onSave: () => void;
  onValidate: () => void;
  onPublish: () => void;
  onExport: () => void;
  onImport: (file: File) => void;
}) {
  const fileInput = useRef<HTMLInputElement>(null);
  const blockedReason =
    props.problemCount > 0
      ? `Fix the ${props.problemCount === 1 ? 'problem' : `${props.problemCount} problems`} first`
      : props.publishedAsIs
        ? `The draft is published as version ${props.publishedVersion}: change something to publish a new version`
        : null;
  const leave = (event: MouseEvent) => {
    if (props.dirty && !window.confirm('Leave the editor? Your unsaved changes to this draft will be lost.')) event.preventDefault();
  };
  return (
    <header className={styles.toolbar}>
      <div className={styles.toolbarTitle}>
        <Link href="/admin/flows" className={styles.back} onClick={leave}>
          <ChevronLeft size={15} aria-hidden /> Flows
        </Link>
        <h1 className={styles.flowName}>{props.name || 'Untitled flow'}</h1>
        <Badge tone="neutral">{props.kind === 'bot' ? 'Bot' : 'Routing'}</Badge>
        <p className={styles.saveState} role="status">
          {props.dirty ? <span className={styles.dirty}>Unsaved changes</span> : 'Draft saved'}
          {props.publishedVersion !== null && <Badge tone="green">{`Published v${props.publishedVersion}`}</Badge>}
        </p>
      </div>
      <div className={styles.toolGroups} role="toolbar" aria-label="Flow actions">
        <div className={styles.toolGroup}>
          <ToolButton label="Steps" icon={<PanelLeft size={15} />} className={styles.paletteToggle} onClick={props.onTogglePalette} />
          <ToolButton label="Undo" shortcut="Ctrl+Z" icon={<Undo2 size={15} />} disabled={!props.canUndo} onClick={props.onUndo} variant="ghost" />
          <ToolButton label="Redo" shortcut="Ctrl+Shift+Z" icon={<Redo2 size={15} />} disabled={!props.canRedo} onClick={props.onRedo} variant="ghost" />
          <ToolButton label="Tidy up" icon={<Network size={15} />} onClick={props.onLayout} variant="ghost" />
        </div>
        <div className={styles.toolGroup}>
          <ToolButton label="Validate" icon={<ListChecks size={15} />} loading={props.validating} onClick={props.onValidate} />
          {props.problemCount > 0 && (
            <Button size="sm" variant="danger" icon={<CircleAlert size={14} />} aria-pressed={props.pane === 'problems'} onClick={() => props.onPane('problems')} id="flow-problem-count">
              {props.problemCount} {props.problemCount === 1 ? 'problem' : 'problems'}
            </Button>
          )}
          <ToolButton label="Test" icon={<FlaskConical size={15} />} aria-pressed={props.pane === 'test'} onClick={() => props.onPane(props.pane === 'test' ? 'inspect' : 'test')} />
          <ToolButton label="Versions" icon={<History size={15} />} aria-pressed={props.pane === 'versions'} onClick={() => props.onPane(props.pane === 'versions' ? 'inspect' : 'versions')} />
        </div>
        <div className={styles.toolGroup}>
          <ToolButton label="Export JSON" icon={<Download size={15} />} variant="ghost" onClick={props.onExport} />
          <ToolButton label="Import JSON" icon={<Upload size={15} />} variant="ghost" loading={props.importing} onClick={() => fileInput.current?.click()} />
          <input
            ref={fileInput}
            type="file"
            accept="application/json,.json"
            hidden
            aria-label="Flow file to import"
            onChange={(event) => {
              const file = event.target.files?.[0];
              event.target.value = '';
              if (file) props.onImport(file);
            }}
          />
        </div>
        <div className={styles.toolGroup}>
          <ToolButton label="Save draft" shortcut="Ctrl+S" icon={<Save size={15} />} loading={props.saving} disabled={!props.dirty} onClick={props.onSave} />
          <Button
            size="sm"
            variant="primary"
            icon={<Rocket size={15} />}
            loading={props.publishing}
            disabled={blockedReason !== null}
            title={blockedReason ?? 'Publish the draft as a new version'}
            aria-describedby={blockedReason ? 'publish-blocked' : undefined}
            onClick={props.onPublish}
          >
            Publish
          </Button>
          {blockedReason && (
            <span id="publish-blocked" className="visually-hidden">
              {blockedReason}
            </span>
          )}
        </div>
      </div>
    </header>
  );
}
