import {
  Bot,
  BriefcaseBusiness,
  CircleX,
  CornerDownRight,
  Flag,
  GitBranch,
  Globe,
  Headset,
  Hourglass,
  MessageCircleQuestionMark,
  MessageSquare,
  Play,
  Route,
  Tag,
  UserCheck,
  UserRound,
  UserRoundCheck,
  Variable,
  type LucideIcon,
} from 'lucide-react';
import type { ConditionRule, FlowNode, FlowNodeKind, FlowNodeOf } from '../../../domain/flows/document';

/** Names the canvas shows instead of ids (lines, users, flows); unknown ids fall back to "#id". */
export interface FlowNames {
  lines: ReadonlyMap<number, string>;
  users: ReadonlyMap<string, string>;
  flows: ReadonlyMap<number, string>;
}

export type NodeTone = 'start' | 'talk' | 'logic' | 'data' | 'integration' | 'finish' | 'route';

export type NodeDefaults<K extends FlowNodeKind> = Omit<FlowNodeOf<K>, 'id' | 'position' | 'kind'>;

interface NodeKindView<K extends FlowNodeKind> {
  title: string;
  /** What the node does, for the palette. */
  description: string;
  icon: LucideIcon;
  tone: NodeTone;
  /** The palette group it is listed under. */
  group: 'Talk' | 'Logic' | 'Integrations' | 'Finish' | 'Route' | 'Actions' | 'Start';
  /** One line for the card on the canvas. */
  summary(node: FlowNodeOf<K>, names: FlowNames): string;
  /** A new node from the palette: valid where a sensible default exists, empty where the admin must decide. */
  defaults(): NodeDefaults<K>;
}

const lineName = (names: FlowNames, id: number) => names.lines.get(id) ?? `line #${id}`;
const userName = (names: FlowNames, id: string) => names.users.get(id) ?? 'a user';
const flowName = (names: FlowNames, id: number) => names.flows.get(id) ?? `flow #${id}`;
const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();

export const answerKindLabels = { text: 'Free text', choice: 'One of the choices', email: 'E-mail', phone: 'Phone number', number: 'Number', date: 'Date' } as const;
export const operatorLabels = {
  equals: 'equals',
  not_equals: 'does not equal',
  contains: 'contains',
  regex: 'matches regex',
  is_set: 'is set',
  not_set: 'is not set',
  greater: 'is greater than',
  less: 'is less than',
} as const;
export const distributionModeLabels = { evenly: 'evenly', strictly: 'strictly in queue order', all: 'to all at once' } as const;

export function describeRule(rule: ConditionRule): string {
  const { subject } = rule;
  const what =
    subject.source === 'variable'
      ? `{{${subject.key}}}`
      : subject.source === 'contact'
        ? `contact ${subject.key}`
        : subject.source === 'tag'
          ? `tag “${subject.key}”`
          : subjectLabels[subject.source].toLowerCase();
  if (isYesNoSubject(subject.source)) return `${what} ${rule.operator === 'not_equals' || rule.operator === 'not_set' ? 'is no' : 'is yes'}`;
  if (rule.operator === 'is_set' || rule.operator === 'not_set') return `${what} ${operatorLabels[rule.operator]}`;
  return `${what} ${operatorLabels[rule.operator]} “${rule.value}”`;
}

export const subjectLabels = {
  variable: 'Variable',
  contact: 'Contact field',
  channel: 'Channel',
  time: 'Time of day',
  working_hours: 'Within working hours',
  message: 'Last message',
  contact_known: 'Contact is known',
  has_responsible: 'Has a responsible user',
  tag: 'Contact has tag',
  language: 'Language',
} as const satisfies Record<ConditionRule['subject']['source'], string>;

/** Subjects that are true or false by themselves: the rule only says yes or no. */
export function isYesNoSubject(source: ConditionRule['subject']['source']): boolean {
  return source === 'working_hours' || source === 'contact_known' || source === 'has_responsible' || source === 'tag';
}

/**
 * What the editor knows about each node kind. `satisfies` the full record: a kind added to the
 * document schema without an entry here does not compile.
 */
export const nodeKinds = {
  start: {
    title: 'Start',
    description: 'Where the flow begins.',
    icon: Play,
    tone: 'start',
    group: 'Start',
    summary: () => 'The flow begins here',
    defaults: () => ({}),
  },
  send_message: {
    title: 'Send message',
    description: 'Text with optional buttons and attachments.',
    icon: MessageSquare,
    tone: 'talk',
    group: 'Talk',
    summary: (node) => {
      const text = oneLine(node.text) || 'No text yet';
      return node.buttons.length ? `${text} · ${node.buttons.length} ${node.buttons.length === 1 ? 'button' : 'buttons'}` : text;
    },
    defaults: () => ({ text: '', buttons: [], attachments: [] }),
  },
  ask: {
    title: 'Ask',
    description: 'A question; the answer goes into a variable.',
    icon: MessageCircleQuestionMark,
    tone: 'talk',
    group: 'Talk',
    summary: (node) => `${oneLine(node.text) || 'No question yet'} → {{${node.variable}}}`,
    defaults: () => ({
      text: '',
      answer: 'text',
      choices: [],
      variable: 'answer',
      retryText: 'Sorry, I did not understand. Please try again.',
      maxRetries: 2,
      timeoutMinutes: null,
    }),
  },
  condition: {
    title: 'Condition',
    description: 'Yes or no by variables, contact, channel, time…',
    icon: GitBranch,
    tone: 'logic',
    group: 'Logic',
    summary: (node) => {
      const [first, ...rest] = node.rules;
      if (!first) return 'No rules yet';
      return rest.length ? `${describeRule(first)} ${node.match === 'all' ? 'and' : 'or'} ${rest.length} more` : describeRule(first);
    },
    defaults: () => ({ match: 'all', rules: [{ subject: { source: 'message' }, operator: 'contains', value: '' }] }),
  },
  set_variable: {
    title: 'Set variable',
    description: 'Store a value in a variable or a contact field.',
    icon: Variable,
    tone: 'data',
    group: 'Logic',
    summary: (node) => `${node.target.scope === 'variable' ? `{{${node.target.key}}}` : `contact ${node.target.key}`} = ${oneLine(node.value) || '(empty)'}`,
    defaults: () => ({ target: { scope: 'variable', key: 'value' }, value: '' }),
  },
  http_request: {
    title: 'HTTP request',
    description: 'Call an API; use its answer in variables.',
    icon: Globe,
    tone: 'integration',
    group: 'Integrations',
    summary: (node) => `${node.method} ${node.url || 'no URL yet'}`,
    defaults: () => ({ method: 'GET', url: '', headers: [], body: '', timeoutSeconds: 10, idempotent: false, responseFields: [] }),
  },
  wait: {
    title: 'Wait',
    description: 'Pause, or wait for the client’s reply.',
    icon: Hourglass,
    tone: 'logic',
    group: 'Logic',
    summary: (node) => (node.mode === 'delay' ? `Pause for ${node.minutes} min` : `Wait up to ${node.minutes} min for a reply`),
    defaults: () => ({ mode: 'reply', minutes: 10 }),
  },
  handoff: {
    title: 'Hand off',
    description: 'To the operators of this or another line.',
    icon: Headset,
    tone: 'finish',
    group: 'Finish',
    summary: (node, names) => (node.lineId === null ? 'To this line’s operators' : `To ${lineName(names, node.lineId)}`),
    defaults: () => ({ lineId: null }),
  },
  transfer_to_user: {
    title: 'Transfer to user',
    description: 'Straight to one person.',
    icon: UserRoundCheck,
    tone: 'finish',
    group: 'Finish',
    summary: (node, names) => (node.userId ? `To ${userName(names, node.userId)}` : 'No user chosen'),
    defaults: () => ({ userId: '' }),
  },
  create_lead: {
    title: 'Create lead',
    description: 'A lead in the CRM for this client.',
    icon: BriefcaseBusiness,
    tone: 'integration',
    group: 'Integrations',
    summary: (node) => oneLine(node.title) || 'No title yet',
    defaults: () => ({ title: 'Lead from {{contact.name}}' }),
  },
  close_dialog: {
    title: 'Close dialog',
    description: 'End the conversation.',
    icon: CircleX,
    tone: 'finish',
    group: 'Finish',
    summary: () => 'Closes the dialog',
    defaults: () => ({}),
  },
  jump_to_flow: {
    title: 'Jump to flow',
    description: 'Continue in another bot flow.',
    icon: CornerDownRight,
    tone: 'finish',
    group: 'Finish',
    summary: (node, names) => (node.flowId > 0 ? `Continue in ${flowName(names, node.flowId)}` : 'No flow chosen'),
    defaults: () => ({ flowId: 0 }),
  },
  route_to_line: {
    title: 'Route to line',
    description: 'Into a line’s queue.',
    icon: Route,
    tone: 'route',
    group: 'Route',
    summary: (node, names) =>
      node.lineId > 0 ? `To ${lineName(names, node.lineId)}${node.mode ? `, ${distributionModeLabels[node.mode]}` : ''}` : 'No line chosen',
    defaults: () => ({ lineId: 0, mode: null }),
  },
  route_to_responsible: {
    title: 'Route to responsible',
    description: 'To the contact’s responsible user.',
    icon: UserCheck,
    tone: 'route',
    group: 'Route',
    summary: () => 'To the contact’s responsible user',
    defaults: () => ({}),
  },
  route_to_operator: {
    title: 'Route to operator',
    description: 'Straight to one operator.',
    icon: UserRound,
    tone: 'route',
    group: 'Route',
    summary: (node, names) => (node.userId ? `To ${userName(names, node.userId)}` : 'No operator chosen'),
    defaults: () => ({ userId: '' }),
  },
  run_bot: {
    title: 'Run bot',
    description: 'Let a bot flow talk first.',
    icon: Bot,
    tone: 'route',
    group: 'Route',
    summary: (node, names) => (node.flowId > 0 ? `Run ${flowName(names, node.flowId)}` : 'No bot chosen'),
    defaults: () => ({ flowId: 0 }),
  },
  set_priority: {
    title: 'Set priority',
    description: 'Higher priority dialogs are offered first.',
    icon: Flag,
    tone: 'data',
    group: 'Actions',
    summary: (node) => `Priority ${node.priority}`,
    defaults: () => ({ priority: 50 }),
  },
  set_tag: {
    title: 'Set tag',
    description: 'Tag the contact.',
    icon: Tag,
    tone: 'data',
    group: 'Actions',
    summary: (node) => (node.tag ? `Tag “${node.tag}”` : 'No tag yet'),
    defaults: () => ({ tag: '' }),
  },
} satisfies { [K in FlowNodeKind]: NodeKindView<K> };

export function kindView(kind: FlowNodeKind): NodeKindView<FlowNodeKind> {
  // The registry is keyed by kind, so the entry always matches the node it is used with.
  return nodeKinds[kind] as unknown as NodeKindView<FlowNodeKind>;
}

export function nodeTitle(node: FlowNode): string {
  return node.label?.trim() || nodeKinds[node.kind].title;
}

export function nodeSummary(node: FlowNode, names: FlowNames): string {
  return kindView(node.kind).summary(node, names);
}

/** A node of `kind` with the palette's defaults. */
export function createNode(kind: FlowNodeKind, id: string, position: { x: number; y: number }): FlowNode {
  return { ...kindView(kind).defaults(), id, kind, position } as FlowNode;
}
