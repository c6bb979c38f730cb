'use client';

import { Trash2 } from 'lucide-react';
import { memo, useCallback, type ComponentType } from 'react';
import type { FlowNode, FlowNodeKind, FlowNodeOf } from '../../../../domain/flows/document';
import { Alert, Button } from '../../ui';
import styles from '../editor.module.css';
import { kindView, nodeKinds } from '../node-kinds';
import { fieldMessage, type FlowProblem } from '../problems';
import tones from '../tones.module.css';
import { CreateLeadForm, HttpRequestForm, SetPriorityForm, SetTagForm, SetVariableForm, WaitForm } from './ActionForms';
import { ConditionForm } from './ConditionForm';
import { TextField } from './fields';
import { AskForm, SendMessageForm } from './MessageForms';
import type { NodeFormProps } from './node-form';
import { HandoffForm, JumpToFlowForm, RouteToLineForm, RouteToOperatorForm, RunBotForm, TransferToUserForm } from './TargetForms';

function Described({ text }: { text: string }) {
  return <p className={styles.panelNote}>{text}</p>;
}

/** Each kind's settings form; a kind without one does not compile. */
const nodeForms = {
  start: () => <Described text="Every dialog the flow handles starts here. Connect its output to the first step." />,
  send_message: SendMessageForm,
  ask: AskForm,
  condition: ConditionForm,
  set_variable: SetVariableForm,
  http_request: HttpRequestForm,
  wait: WaitForm,
  handoff: HandoffForm,
  transfer_to_user: TransferToUserForm,
  create_lead: CreateLeadForm,
  close_dialog: () => <Described text="Closes the dialog; the client may be asked to rate it, as the line is set up." />,
  jump_to_flow: JumpToFlowForm,
  route_to_line: RouteToLineForm,
  route_to_responsible: () => (
    <Described text="Assigns the dialog to the contact’s responsible user when there is one who can take it now; otherwise the “No responsible” output." />
  ),
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
    return found.length ? found.map(fieldMessage).join('; ') : null;
  };
  return (
    <section className={styles.inspector} aria-labelledby="inspector-title">
      <header className={`${styles.inspectorHeader} ${tones.tone}`} data-tone={view.tone}>
        <span className={`${tones.icon} ${styles.inspectorIcon}`} aria-hidden>
          <Icon size={16} />
        </span>
        <div>
          <h2 id="inspector-title">{nodeKinds[node.kind].title}</h2>
          <p className={styles.panelNote}>{view.description}</p>
        </div>
      </header>
      <TextField label="Title on the canvas" hint="Optional: name this step for the people who edit the flow." value={node.label ?? ''} error={error('label')} maxLength={120} onChange={(label) => onChange({ ...node, label: label === '' ? undefined : label } as FlowNode, 'label')} />
      <Form node={node} update={update} error={error} />
      <OtherProblems problems={problems} shown={shown} />
      <footer className={styles.inspectorFooter}>
        <code className={styles.nodeId} title="Node id">
          {node.id}
        </code>
        {node.kind !== 'start' && (
          <Button variant="danger" size="sm" icon={<Trash2 size={14} />} onClick={() => onDelete(node.id)}>
            Delete node
          </Button>
        )}
      </footer>
    </section>
  );
});

function OtherProblems({ problems, shown }: { problems: readonly FlowProblem[]; shown: ReadonlySet<string> }) {
  const other = problems.filter((problem) => !problem.path || !shown.has(problem.path));
  if (other.length === 0) return null;
  return (
    <div className={styles.otherProblems}>
      <Alert tone="error" role="alert">
        {other.map((problem, i) => (
          <p key={i}>{problem.message}</p>
        ))}
      </Alert>
    </div>
  );
}
