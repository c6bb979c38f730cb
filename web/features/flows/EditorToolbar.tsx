'use client';

import { ChevronLeft, CircleAlert, Download, FlaskConical, History, ListChecks, Network, PanelLeft, Redo2, Rocket, Save, Undo2, Upload } from 'lucide-react';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { useRef, type MouseEvent, type ReactNode } from 'react';
import { Badge, Button } from '../ui';
import styles from './editor.module.css';

export type EditorPane = 'inspect' | 'problems' | 'versions' | 'test';

function ToolButton({ label, icon, shortcut, ...rest }: { label: string; icon: ReactNode; shortcut?: string } & Omit<React.ComponentProps<typeof Button>, 'icon' | 'children'>) {
  const t = useTranslations('flows.editor');
  return (
    <Button size="sm" icon={icon} aria-label={label} title={shortcut ? t('withShortcut', { label, shortcut }) : label} aria-keyshortcuts={shortcut?.replace('Ctrl', 'Control')} {...rest}>
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
  const t = useTranslations('flows');
  const blockedReason =
    props.problemCount > 0
      ? t('editor.blockedByProblems', { count: props.problemCount })
      : props.publishedAsIs
        ? t('editor.blockedPublished', { version: String(props.publishedVersion) })
        : null;
  const leave = (event: MouseEvent) => {
    if (props.dirty && !window.confirm(t('editor.leaveConfirm'))) event.preventDefault();
  };
  return (
    <header className={styles.toolbar}>
      <div className={styles.toolbarTitle}>
        <Link href="/admin/flows" className={styles.back} onClick={leave}>
          <ChevronLeft size={15} aria-hidden /> {t('editor.back')}
        </Link>
        <h1 className={styles.flowName}>{props.name || t('editor.untitled')}</h1>
        <Badge tone="neutral">{t(`kinds.${props.kind}`)}</Badge>
        <p className={styles.saveState} role="status">
          {props.dirty ? <span className={styles.dirty}>{t('editor.unsaved')}</span> : t('editor.saved')}
          {props.publishedVersion !== null && <Badge tone="green">{t('editor.publishedBadge', { version: String(props.publishedVersion) })}</Badge>}
        </p>
      </div>
      <div className={styles.toolGroups} role="toolbar" aria-label={t('editor.actions')}>
        <div className={styles.toolGroup}>
          <ToolButton label={t('editor.steps')} icon={<PanelLeft size={15} />} className={styles.paletteToggle} onClick={props.onTogglePalette} />
          <ToolButton label={t('editor.undo')} shortcut="Ctrl+Z" icon={<Undo2 size={15} />} disabled={!props.canUndo} onClick={props.onUndo} variant="ghost" />
          <ToolButton label={t('editor.redo')} shortcut="Ctrl+Shift+Z" icon={<Redo2 size={15} />} disabled={!props.canRedo} onClick={props.onRedo} variant="ghost" />
          <ToolButton label={t('editor.tidyUp')} icon={<Network size={15} />} onClick={props.onLayout} variant="ghost" />
        </div>
        <div className={styles.toolGroup}>
          <ToolButton label={t('editor.validate')} icon={<ListChecks size={15} />} loading={props.validating} onClick={props.onValidate} />
          {props.problemCount > 0 && (
            <Button size="sm" variant="danger" icon={<CircleAlert size={14} />} aria-pressed={props.pane === 'problems'} onClick={() => props.onPane('problems')} id="flow-problem-count">
              {t('editor.problemCount', { count: props.problemCount })}
            </Button>
          )}
          <ToolButton label={t('editor.test')} icon={<FlaskConical size={15} />} aria-pressed={props.pane === 'test'} onClick={() => props.onPane(props.pane === 'test' ? 'inspect' : 'test')} />
          <ToolButton label={t('editor.versions')} icon={<History size={15} />} aria-pressed={props.pane === 'versions'} onClick={() => props.onPane(props.pane === 'versions' ? 'inspect' : 'versions')} />
        </div>
        <div className={styles.toolGroup}>
          <ToolButton label={t('editor.exportJson')} icon={<Download size={15} />} variant="ghost" onClick={props.onExport} />
          <ToolButton label={t('editor.importJson')} icon={<Upload size={15} />} variant="ghost" loading={props.importing} onClick={() => fileInput.current?.click()} />
          <input
            ref={fileInput}
            type="file"
            accept="application/json,.json"
            hidden
            aria-label={t('editor.importFile')}
            onChange={(event) => {
              const file = event.target.files?.[0];
              event.target.value = '';
              if (file) props.onImport(file);
            }}
          />
        </div>
        <div className={styles.toolGroup}>
          <ToolButton label={t('editor.saveDraft')} shortcut="Ctrl+S" icon={<Save size={15} />} loading={props.saving} disabled={!props.dirty} onClick={props.onSave} />
          <Button
            size="sm"
            variant="primary"
            icon={<Rocket size={15} />}
            loading={props.publishing}
            disabled={blockedReason !== null}
            title={blockedReason ?? t('editor.publishHint')}
            aria-describedby={blockedReason ? 'publish-blocked' : undefined}
            onClick={props.onPublish}
          >
            {t('editor.publish')}
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
