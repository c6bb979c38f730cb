import type { FlowNodeKind, FlowNodeOf } from '../../../../domain/flows/document';

/** What each node kind's settings form gets from the node panel. */
export interface NodeFormProps<K extends FlowNodeKind> {
  node: FlowNodeOf<K>;
  /** Merges a change into the node; `field` groups the keystrokes of one field into one undo step. */
  update: (patch: Partial<FlowNodeOf<K>>, field: string) => void;
  /** The problem found at a path inside the node ("text", "buttons[0].label"), if any. */
  error: (path: string) => string | null;
}
