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
import { createTranslator } from 'next-intl';
import type { ConditionRule, FlowNode, FlowNodeKind, FlowNodeOf } from '../../../domain/flows/document';
import { englishMessages, type Messages } from '../../i18n/messages';

/** The flow editor's texts: useTranslations('flows') in a component. */
export type FlowsTranslator = ReturnType<typeof createTranslator<Messages, 'flows'>>;

/** English, for code that runs without the admin's language (tests, data made outside a component). */
export const englishFlows: FlowsTranslator = createTranslator({ locale: 'en', messages: englishMessages, namespace: 'flows' });

/** Names the canvas shows instead of ids (lines, users, flows); unknown ids fall back to "#id". */
export interface FlowNames {
  lines: ReadonlyMap<number, string>;
  users: ReadonlyMap<string, string>;
  flows: ReadonlyMap<number, string>;
}

export type NodeTone = 'start' | 'talk' | 'logic' | 'data' | 'integration' | 'finish' | 'route';

export type NodeDefaults<K extends FlowNodeKind> = Omit<FlowNodeOf<K>, 'id' | 'position' | 'kind'>;

interface NodeKindView<K extends FlowNodeKind> {
  icon: LucideIcon;
  tone: NodeTone;
  /** The palette group it is listed under (flows.palette.groups.*). */
  group: 'Talk' | 'Logic' | 'Integrations' | 'Finish' | 'Route' | 'Actions' | 'Start';
  /** One line for the card on the canvas, in the admin's language. */
  summary(node: FlowNodeOf<K>, names: FlowNames, t: FlowsTranslator): string;
  /** A new node from the palette: valid where a sensible default exists, empty where the admin must decide; texts in the admin's language. */
  defaults(t: FlowsTranslator): NodeDefaults<K>;
}

const lineName = (names: FlowNames, id: number, t: FlowsTranslator) => names.lines.get(id) ?? t('summary.unknownLine', { id: String(id) });
const userName = (names: FlowNames, id: string, t: FlowsTranslator) => names.users.get(id) ?? t('summary.unknownUser');
const flowName = (names: FlowNames, id: number, t: FlowsTranslator) => names.flows.get(id) ?? t('summary.unknownFlow', { id: String(id) });
const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();
/** "{{name}}": how a template names a variable (not an ICU argument, so it goes in as a value). */
export const templateRef = (name: string) => `{{${name}}}`;

export function describeRule(rule: ConditionRule, t: FlowsTranslator = englishFlows): string {
  const { subject } = rule;
  const what =
    subject.source === 'variable'
      ? templateRef(subject.key)
      : subject.source === 'contact'
        ? t('rule.contact', { field: t(`contactFields.${subject.key}`).toLowerCase() })
        : subject.source === 'tag'
          ? t('rule.tag', { tag: subject.key })
          : t(`subjects.${subject.source}`).toLowerCase();
  if (isYesNoSubject(subject.source)) return t('rule.yesNo', { what, yes: rule.operator === 'not_equals' || rule.operator === 'not_set' ? 'no' : 'yes' });
  const operator = t(`operators.${rule.operator}`);
  if (rule.operator === 'is_set' || rule.operator === 'not_set') return t('rule.noValue', { what, operator });
  return t('rule.withValue', { what, operator, value: rule.value });
}

/** Subjects that are true or false by themselves: the rule only says yes or no. */
export function isYesNoSubject(source: ConditionRule['subject']['source']): boolean {
  return source === 'working_hours' || source === 'contact_known' || source === 'has_responsible' || source === 'tag';
}

/**
 * What the editor knows about each node kind (its title and description are flows.nodeKinds.*).
 * `satisfies` the full record: a kind added to the document schema without an entry here does not compile.
 */
export const nodeKinds = {
  start: { icon: Play, tone: 'start', group: 'Start', summary: (_node, _names, t) => t('summary.start'), defaults: () => ({}) },
  send_message: {
    icon: MessageSquare,
    tone: 'talk',
    group: 'Talk',
    summary: (node, _names, t) => {
      const text = oneLine(node.text) || t('summary.noText');
      return node.buttons.length ? t('summary.withButtons', { text, count: node.buttons.length }) : text;
    },
    defaults: () => ({ text: '', buttons: [], attachments: [] }),
  },
  ask: {
    icon: MessageCircleQuestionMark,
    tone: 'talk',
    group: 'Talk',
    summary: (node, _names, t) => t('summary.askInto', { text: oneLine(node.text) || t('summary.noQuestion'), variable: templateRef(node.variable) }),
    defaults: (t) => ({ text: '', answer: 'text', choices: [], variable: 'answer', retryText: t('defaults.retryText'), maxRetries: 2, timeoutMinutes: null }),
  },
  condition: {
    icon: GitBranch,
    tone: 'logic',
    group: 'Logic',
    summary: (node, _names, t) => {
      const [first, ...rest] = node.rules;
      if (!first) return t('summary.noRules');
      return rest.length ? t('summary.moreRules', { rule: describeRule(first, t), match: node.match, count: rest.length }) : describeRule(first, t);
    },
    defaults: () => ({ match: 'all', rules: [{ subject: { source: 'message' }, operator: 'contains', value: '' }] }),
  },
  set_variable: {
    icon: Variable,
    tone: 'data',
    group: 'Logic',
    summary: (node, _names, t) =>
      t('summary.setValue', {
        target: node.target.scope === 'variable' ? templateRef(node.target.key) : t('summary.contactField', { field: t(`contactFields.${node.target.key}`).toLowerCase() }),
        value: oneLine(node.value) || t('summary.empty'),
      }),
    defaults: () => ({ target: { scope: 'variable', key: 'value' }, value: '' }),
  },
  http_request: {
    icon: Globe,
    tone: 'integration',
    group: 'Integrations',
    summary: (node, _names, t) => `${node.method} ${node.url || t('summary.noUrl')}`,
    defaults: () => ({ method: 'GET', url: '', headers: [], body: '', timeoutSeconds: 10, idempotent: false, responseFields: [] }),
  },
  wait: {
    icon: Hourglass,
    tone: 'logic',
    group: 'Logic',
    summary: (node, _names, t) => (node.mode === 'delay' ? t('summary.pause', { minutes: node.minutes }) : t('summary.waitReply', { minutes: node.minutes })),
    defaults: () => ({ mode: 'reply', minutes: 10 }),
  },
  handoff: {
    icon: Headset,
    tone: 'finish',
    group: 'Finish',
    summary: (node, names, t) => (node.lineId === null ? t('summary.toThisLine') : t('summary.toLine', { name: lineName(names, node.lineId, t) })),
    defaults: () => ({ lineId: null }),
  },
  transfer_to_user: {
    icon: UserRoundCheck,
    tone: 'finish',
    group: 'Finish',
    summary: (node, names, t) => (node.userId ? t('summary.to', { name: userName(names, node.userId, t) }) : t('summary.noUser')),
    defaults: () => ({ userId: '' }),
  },
  create_lead: {
    icon: BriefcaseBusiness,
    tone: 'integration',
    group: 'Integrations',
    summary: (node, _names, t) => oneLine(node.title) || t('summary.noTitle'),
    defaults: (t) => ({ title: t('defaults.leadTitle', { template: templateRef('contact.name') }) }),
  },
  close_dialog: { icon: CircleX, tone: 'finish', group: 'Finish', summary: (_node, _names, t) => t('summary.closes'), defaults: () => ({}) },
  jump_to_flow: {
    icon: CornerDownRight,
    tone: 'finish',
    group: 'Finish',
    summary: (node, names, t) => (node.flowId > 0 ? t('summary.continueIn', { name: flowName(names, node.flowId, t) }) : t('summary.noFlow')),
    defaults: () => ({ flowId: 0 }),
  },
  route_to_line: {
    icon: Route,
    tone: 'route',
    group: 'Route',
    summary: (node, names, t) =>
      node.lineId <= 0
        ? t('summary.noLine')
        : node.mode
          ? t('summary.toLineMode', { name: lineName(names, node.lineId, t), mode: t(`distribution.${node.mode}`) })
          : t('summary.toLine', { name: lineName(names, node.lineId, t) }),
    defaults: () => ({ lineId: 0, mode: null }),
  },
  route_to_responsible: { icon: UserCheck, tone: 'route', group: 'Route', summary: (_node, _names, t) => t('summary.toResponsible'), defaults: () => ({}) },
  route_to_operator: {
    icon: UserRound,
    tone: 'route',
    group: 'Route',
    summary: (node, names, t) => (node.userId ? t('summary.to', { name: userName(names, node.userId, t) }) : t('summary.noOperator')),
    defaults: () => ({ userId: '' }),
  },
  run_bot: {
    icon: Bot,
    tone: 'route',
    group: 'Route',
    summary: (node, names, t) => (node.flowId > 0 ? t('summary.run', { name: flowName(names, node.flowId, t) }) : t('summary.noBot')),
    defaults: () => ({ flowId: 0 }),
  },
  set_priority: { icon: Flag, tone: 'data', group: 'Actions', summary: (node, _names, t) => t('summary.priority', { priority: node.priority }), defaults: () => ({ priority: 50 }) },
  set_tag: {
    icon: Tag,
    tone: 'data',
    group: 'Actions',
    summary: (node, _names, t) => (node.tag ? t('summary.tag', { tag: node.tag }) : t('summary.noTag')),
    defaults: () => ({ tag: '' }),
  },
} satisfies { [K in FlowNodeKind]: NodeKindView<K> };

export function kindView(kind: FlowNodeKind): NodeKindView<FlowNodeKind> {
  // The registry is keyed by kind, so the entry always matches the node it is used with.
  return nodeKinds[kind] as unknown as NodeKindView<FlowNodeKind>;
}

/** The kind's name in the admin's language ("Send message"). */
export function kindTitle(kind: FlowNodeKind, t: FlowsTranslator = englishFlows): string {
  return t(`nodeKinds.${kind}.title`);
}

export function nodeTitle(node: FlowNode, t: FlowsTranslator = englishFlows): string {
  return node.label?.trim() || kindTitle(node.kind, t);
}

export function nodeSummary(node: FlowNode, names: FlowNames, t: FlowsTranslator = englishFlows): string {
  return kindView(node.kind).summary(node, names, t);
}

/** A node of `kind` with the palette's defaults (their texts in the admin's language). */
export function createNode(kind: FlowNodeKind, id: string, position: { x: number; y: number }, t: FlowsTranslator = englishFlows): FlowNode {
  return { ...kindView(kind).defaults(t), id, kind, position } as FlowNode;
}

/** An output's name ("Yes", "Invalid answer"). */
export function handleTitle(handle: string, t: FlowsTranslator = englishFlows): string {
  return handle in handleKeys ? t(`handles.${handle as HandleKey}`) : handle;
}

const handleKeys = { next: true, invalid: true, timeout: true, true: true, false: true, success: true, failure: true, replied: true, fallback: true } as const;
type HandleKey = keyof typeof handleKeys;
