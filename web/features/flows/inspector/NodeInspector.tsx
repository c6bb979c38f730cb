'use client';

import { Trash2 } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { memo, useCallback, type ComponentType } from 'react';
import type { FlowNode, FlowNodeKind, FlowNodeOf } from '../../../../domain/flows/document';
import { Alert, Button } from '../../ui';
import styles from '../editor.module.css';
import { kindTitle, kindView } from '../node-kinds';
import { fieldMessage, problemText, type FlowProblem } from '../problems';
import tones from '../tones.module.css';
import { CreateLeadForm, HttpRequestForm, SetPriorityForm, SetTagForm, SetVariableForm, WaitForm } from './ActionForms';
import { ConditionForm } from './ConditionForm';
import { TextField } from './fields';
import { AskForm, SendMessageForm } from './MessageForms';
import type { NodeFormProps } from './node-form';
import { HandoffForm, JumpToFlowForm, RouteToLineForm, RouteToOperatorForm, RunBotForm, TransferToUserForm } from './TargetForms';

function Described({ about }: { about: 'aboutStart' | 'aboutClose' | 'aboutResponsible' }) {
  const t = useTranslations('flows.inspector');
  return <p className={styles.panelNote}>{t(about)}</p>;
}

/** Each kind's settings form; a kind without one does not compile. */
const nodeForms = {
  start: () => <Described about="aboutStart" />,
  send_message: SendMessageForm,
  ask: AskForm,
  condition: ConditionForm,
  set_variable: SetVariableForm,
  http_request: HttpRequestForm,
  wait: WaitForm,
  handoff: HandoffForm,
  transfer_to_user: TransferToUserForm,
  create_lead: CreateLeadForm,
  close_dialog: () => <Described about="aboutClose" />,
  jump_to_flow: JumpToFlowForm,
  route_to_line: RouteToLineForm,
  route_to_responsible: () => <Described about="aboutResponsible" />,
  route_to_operator: RouteToOperatorForm,
  run_bot: RunBotForm,
  set_priority: SetPriorityForm,
  set_tag: SetTagForm,
} satisfies { [K in FlowNodeKind]: ComponentType<NodeFormProps<K>> };

/**
 * The side panel for one selected node: its label, its kind's settings, and every problem found in
 * it, each at its field when it has one. Memoised: it renders when this node or its problems change.
 */
export const NodeInspector = memo(function NodeInspector({
  node,
  problems,
  onChange,
  onDelete,
}: {
  node: FlowNode;
  problems: readonly FlowProblem[];
  onChange: (node: FlowNode, field: string) => void;
  onDelete: (nodeId: string) => void;
}) {
  const t = useTranslations('flows');
  const view = kindView(node.kind);
  const Icon = view.icon;
  const Form = nodeForms[node.kind] as ComponentType<NodeFormProps<FlowNodeKind>>;
  const update = useCallback((patch: Partial<FlowNodeOf<FlowNodeKind>>, field: string) => onChange({ ...node, ...patch } as FlowNode, field), [node, onChange]);
  // The paths the form shows errors at, collected while it renders; the problems left over are
  // listed by <OtherProblems>, rendered after the form but shown at the top (CSS order).
  const shown = new Set<string>(['label']);
  const error = (path: string) => {
    shown.add(path);
    const found = problems.filter((problem) => problem.path === path);
    return found.length ? found.map((problem) => fieldMessage(problem, t)).join('; ') : null;
  };
  return (
    <section className={styles.inspector} aria-labelledby="inspector-title">
      <header className={`${styles.inspectorHeader} ${tones.tone}`} data-tone={view.tone}>
        <span className={`${tones.icon} ${styles.inspectorIcon}`} aria-hidden>
          <Icon size={16} />
        </span>
        <div>
          <h2 id="inspector-title">{kindTitle(node.kind, t)}</h2>
          <p className={styles.panelNote}>{t(`nodeKinds.${node.kind}.description`)}</p>
        </div>
      </header>
      <TextField label={t('inspector.label')} hint={t('inspector.labelHint')} value={node.label ?? ''} error={error('label')} maxLength={120} onChange={(label) => onChange({ ...node, label: label === '' ? undefined : label } as FlowNode, 'label')} />
      <Form node={node} update={update} error={error} />
      <OtherProblems problems={problems} shown={shown} />
      <footer className={styles.inspectorFooter}>
        <code className={styles.nodeId} title={t('inspector.nodeId')}>
          {node.id}
        </code>
        {node.kind !== 'start' && (
          <Button variant="danger" size="sm" icon={<Trash2 size={14} />} onClick={() => onDelete(node.id)}>
            {t('inspector.deleteNode')}
          </Button>
        )}
      </footer>
    </section>
  );
});

function OtherProblems({ problems, shown }: { problems: readonly FlowProblem[]; shown: ReadonlySet<string> }) {
  const t = useTranslations('flows');
  const other = problems.filter((problem) => !problem.path || !shown.has(problem.path));
  if (other.length === 0) return null;
  return (
    <div className={styles.otherProblems}>
      <Alert tone="error" role="alert">
        {other.map((problem, i) => (
          <p key={i}>{problemText(problem, t)}</p>
        ))}
      </Alert>
    </div>
  );
}
