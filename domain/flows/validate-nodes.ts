import { flowKindSchema, nodeKindsOf, type FlowDocument, type FlowNode } from './document';
import { BUILTIN_VARIABLES } from './builtin-variables';
import { regexProblem, regexProblemKind } from './safe-regex';
import { CONTACT_FIELDS, isContactField, templateReferences } from './templates';
import type { FlowProblem } from './validate';

/** The rules for what is inside each node: its kind fits the flow, and what it reads exists. */
export function nodeProblems(document: FlowDocument): FlowProblem[] {
  const known = knownVariables(document);
  return [
    ...duplicateVariables(document),
    ...document.nodes.flatMap((node) => [
      ...kindProblems(node, document.kind),
      ...choiceProblems(node),
      ...templateFields(node).flatMap(({ path, template }) => templateProblems(node.id, path, template, known)),
      ...ruleProblems(node, known),
    ]),
  ];
}

/** Variables some step can set: declared ones, answers, set variable, HTTP response fields, and the built-in ones. */
function knownVariables(document: FlowDocument): Set<string> {
  const names = document.variables.map((variable) => variable.name);
  for (const node of document.nodes) {
    if (node.kind === 'ask') names.push(node.variable);
    if (node.kind === 'set_variable' && node.target.scope === 'variable') names.push(node.target.key);
    if (node.kind === 'http_request') names.push(BUILTIN_VARIABLES.httpStatus, BUILTIN_VARIABLES.httpError, ...node.responseFields.map((field) => field.variable));
    if (node.kind === 'create_lead') names.push(BUILTIN_VARIABLES.leadId);
    if (node.kind === 'wait' && node.mode === 'reply') names.push(BUILTIN_VARIABLES.lastReply);
  }
  return new Set(names);
}

function duplicateVariables(document: FlowDocument): FlowProblem[] {
  return document.variables.flatMap((variable, index) =>
    document.variables.findIndex((other) => other.name === variable.name) < index
      ? [{ path: `variables[${index}].name`, code: 'variableDeclaredTwice' as const, params: { name: variable.name }, message: `The variable “${variable.name}” is declared twice: remove one of them.` }]
      : [],
  );
}

function kindProblems(node: FlowNode, flowKind: FlowDocument['kind']): FlowProblem[] {
  if (nodeKindsOf[flowKind].includes(node.kind)) return [];
  const owner = flowKindSchema.options.find((kind) => nodeKindsOf[kind].includes(node.kind)) ?? 'other';
  return [{ nodeId: node.id, code: 'kindNotInFlow', params: { flowKind, stepKind: node.kind, ownerKind: owner }, message: `A ${flowKind} flow cannot use “${kindName(node)}” steps (they belong in ${owner} flows): delete this step.` }];
}

function choiceProblems(node: FlowNode): FlowProblem[] {
  if (node.kind !== 'ask' || node.answer !== 'choice' || node.choices.length > 0) return [];
  return [{ nodeId: node.id, path: 'choices', code: 'choicesMissing', message: 'This question asks for one of the choices but offers none: add at least one choice, or change the answer type.' }];
}

/** The node's fields that are templates, with their paths. */
function templateFields(node: FlowNode): { path: string; template: string }[] {
  switch (node.kind) {
    case 'send_message':
      return [{ path: 'text', template: node.text }];
    case 'ask':
      return [
        { path: 'text', template: node.text },
        { path: 'retryText', template: node.retryText },
      ];
    case 'condition':
      return node.rules.map((rule, index) => ({ path: `rules[${index}].value`, template: rule.value }));
    case 'set_variable':
      return [{ path: 'value', template: node.value }];
    case 'http_request':
      return [
        { path: 'url', template: node.url },
        ...node.headers.map((header, index) => ({ path: `headers[${index}].value`, template: header.value })),
        { path: 'body', template: node.body },
      ];
    case 'create_lead':
      return [{ path: 'title', template: node.title }];
    default:
      return [];
  }
}

function templateProblems(nodeId: string, path: string, template: string, known: ReadonlySet<string>): FlowProblem[] {
  return templateReferences(template).flatMap((reference): FlowProblem[] => {
    if (reference === 'channel' || known.has(reference)) return [];
    if (reference.startsWith('contact.')) {
      if (isContactField(reference.slice('contact.'.length))) return [];
      const fields = CONTACT_FIELDS.map((field) => `{{contact.${field}}}`).join(', ');
      return [{ nodeId, path, code: 'notAContactField', params: { reference, fields }, message: `${path}: {{${reference}}} is not a contact field: use one of ${fields}.` }];
    }
    return [{ nodeId, path, code: 'variableNeverSet', params: { reference }, message: `${path}: {{${reference}}} is never set: declare “${reference}” in the flow's variables, or set it with an Ask, Set variable or HTTP request step.` }];
  });
}

function ruleProblems(node: FlowNode, known: ReadonlySet<string>): FlowProblem[] {
  if (node.kind !== 'condition') return [];
  return node.rules.flatMap((rule, index): FlowProblem[] => {
    const problems: FlowProblem[] = [];
    if (rule.subject.source === 'variable' && !known.has(rule.subject.key)) {
      const path = `rules[${index}].subject.key`;
      problems.push({ nodeId: node.id, path, code: 'ruleVariableNeverSet', params: { rule: index + 1, variable: rule.subject.key }, message: `Rule ${index + 1} reads the variable “${rule.subject.key}”, which is never set: declare it in the flow's variables, or set it with an Ask, Set variable or HTTP request step.` });
    }
    const pattern = rule.operator === 'regex' && templateReferences(rule.value).length === 0 ? regexProblem(rule.value) : null;
    if (pattern !== null) {
      const reason = regexProblemKind(rule.value) ?? 'syntax';
      problems.push({ nodeId: node.id, path: `rules[${index}].value`, code: 'rulePattern', params: { rule: index + 1, reason }, message: `Rule ${index + 1}: the pattern ${pattern}.` });
    }
    return problems;
  });
}

function kindName(node: FlowNode): string {
  return node.kind.replaceAll('_', ' ');
}
