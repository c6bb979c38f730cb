import { describe, expect, it } from 'vitest';
import { evaluateCondition, evaluateRule } from '../../../domain/flows/conditions';
import { conditionRuleSchema, type ConditionRule } from '../../../domain/flows/document';
import type { FlowFacts } from '../../../domain/flows/runtime';
import { REGEX_INPUT_LIMIT, regexProblem } from '../../../domain/flows/safe-regex';
import { facts } from './helpers';

type RuleInput = Parameters<typeof conditionRuleSchema.parse>[0];
const rule = (input: RuleInput): ConditionRule => conditionRuleSchema.parse(input);
const holds = (input: RuleInput, flowFacts: FlowFacts = facts(), variables: Record<string, string> = {}) => evaluateRule(rule(input), flowFacts, variables);
const variable = (key: string) => ({ source: 'variable' as const, key });

describe('evaluateRule: comparing text', () => {
  it('equals and not_equals ignore case and surrounding spaces', () => {
    expect(holds({ subject: variable('tier'), operator: 'equals', value: 'Gold' }, facts(), { tier: ' gold ' })).toBe(true);
    expect(holds({ subject: variable('tier'), operator: 'not_equals', value: 'gold' }, facts(), { tier: 'GOLD' })).toBe(false);
    expect(holds({ subject: variable('tier'), operator: 'not_equals', value: 'gold' }, facts(), { tier: 'silver' })).toBe(true);
  });

  it('contains finds a keyword in the client message in any case', () => {
    const message = facts({ lastMessage: 'Where is my ORDER #123?' });
    expect(holds({ subject: { source: 'message' }, operator: 'contains', value: 'order' }, message)).toBe(true);
    expect(holds({ subject: { source: 'message' }, operator: 'contains', value: 'refund' }, message)).toBe(false);
  });

  it('compares against a value template filled from variables and contact', () => {
    const anna = facts({ contact: { name: 'Anna' } });
    expect(holds({ subject: variable('name'), operator: 'equals', value: '{{contact.name}}' }, anna, { name: 'anna' })).toBe(true);
  });

  it('does not hold when the value template reads something that is not set', () => {
    expect(holds({ subject: variable('name'), operator: 'not_equals', value: '{{nobody}}' }, facts(), { name: 'x' })).toBe(false);
  });

  it('reads contact fields, channel and language', () => {
    const known = facts({ channel: 'telegram', contact: { email: 'a@example.com', language: 'de' } });
    expect(holds({ subject: { source: 'contact', key: 'email' }, operator: 'contains', value: '@example.com' }, known)).toBe(true);
    expect(holds({ subject: { source: 'channel' }, operator: 'equals', value: 'Telegram' }, known)).toBe(true);
    expect(holds({ subject: { source: 'language' }, operator: 'equals', value: 'de' }, known)).toBe(true);
  });
});

describe('evaluateRule: is set', () => {
  it('is_set means a non-blank value; not_set the opposite', () => {
    expect(holds({ subject: variable('phone'), operator: 'is_set' }, facts(), { phone: '+1555' })).toBe(true);
    expect(holds({ subject: variable('phone'), operator: 'is_set' }, facts(), { phone: '  ' })).toBe(false);
    expect(holds({ subject: variable('phone'), operator: 'not_set' })).toBe(true);
    expect(holds({ subject: { source: 'contact', key: 'phone' }, operator: 'not_set' }, facts({ contact: { phone: '+1555' } }))).toBe(false);
  });
});

describe('evaluateRule: greater and less', () => {
  it('compares numbers as numbers, written either way', () => {
    expect(holds({ subject: variable('total'), operator: 'greater', value: '999' }, facts(), { total: '1 234,5' })).toBe(true);
    expect(holds({ subject: variable('total'), operator: 'less', value: '10' }, facts(), { total: '9' })).toBe(true);
    expect(holds({ subject: variable('total'), operator: 'greater', value: '10' }, facts(), { total: '9' })).toBe(false);
  });

  it('compares times of day for the time subject ("9:30" is before "10:00")', () => {
    expect(holds({ subject: { source: 'time' }, operator: 'less', value: '10:00' }, facts({ localTime: '9:30' }))).toBe(true);
    expect(holds({ subject: { source: 'time' }, operator: 'greater', value: '18:00' }, facts({ localTime: '18:05' }))).toBe(true);
    expect(holds({ subject: { source: 'time' }, operator: 'greater', value: '18:00' }, facts({ localTime: '09:05' }))).toBe(false);
  });

  it('falls back to text order, and a blank subject is neither greater nor less', () => {
    expect(holds({ subject: variable('code'), operator: 'less', value: 'b' }, facts(), { code: 'Apple' })).toBe(true);
    expect(holds({ subject: variable('code'), operator: 'less', value: 'b' })).toBe(false);
    expect(holds({ subject: variable('code'), operator: 'greater', value: 'b' })).toBe(false);
  });
});

describe('evaluateRule: regular expressions', () => {
  it('matches case-insensitively', () => {
    expect(holds({ subject: { source: 'message' }, operator: 'regex', value: '^order\\s*#?\\d+$' }, facts({ lastMessage: 'Order #123' }))).toBe(true);
  });

  it('is false for an invalid pattern instead of throwing', () => {
    expect(holds({ subject: { source: 'message' }, operator: 'regex', value: '(unclosed' }, facts({ lastMessage: '(unclosed' }))).toBe(false);
  });

  // Each of these backtracks for ever in a JavaScript RegExp on such a text ("(a|a)*$!" took 11 s on
  // 26 characters); on RE2 they answer at once, so the test would hang without the linear engine.
  it.each([
    ['(a|a)*$!', 'a'.repeat(10_000), 'aa$!', false],
    ['(\\w|\\d)*!', '1'.repeat(10_000), 'order 42!', true],
    ['(a|b|ab)*c', 'ab'.repeat(5_000), 'ABABC', true],
    // The text is cut at REGEX_INPUT_LIMIT, so the "!" that defeats this one goes just inside.
    ['^(a+)+$', `${'a'.repeat(REGEX_INPUT_LIMIT - 1)}!`, 'aaa', true],
  ])('answers %j on a long attack text without backtracking, and still matches', (pattern, attack, text, expected) => {
    const regexRule = { subject: { source: 'message' as const }, operator: 'regex' as const, value: pattern };
    expect(holds(regexRule, facts({ lastMessage: attack }))).toBe(false);
    expect(holds(regexRule, facts({ lastMessage: text }))).toBe(expected);
  });

  it('still finds what normal patterns describe, anywhere in the text and in any case', () => {
    const message = (lastMessage: string) => facts({ lastMessage });
    expect(holds({ subject: { source: 'message' }, operator: 'regex', value: '(yes|yep|sure)' }, message('Well, YEP.'))).toBe(true);
    expect(holds({ subject: { source: 'message' }, operator: 'regex', value: 'привет' }, message('ПРИВЕТ, мир'))).toBe(true);
    expect(holds({ subject: { source: 'message' }, operator: 'regex', value: '(?<code>\\d{3})-\\d{4}' }, message('call 555-0100'))).toBe(true);
    expect(holds({ subject: { source: 'message' }, operator: 'regex', value: '^\\d+$' }, message('12a'))).toBe(false);
  });

  it('only looks at the first characters of a very long text', () => {
    const long = facts({ lastMessage: `${'x'.repeat(REGEX_INPUT_LIMIT)}needle` });
    expect(holds({ subject: { source: 'message' }, operator: 'regex', value: 'needle' }, long)).toBe(false);
  });
});

describe('regexProblem', () => {
  it.each([['^order\\s*#?\\d+$'], ['(yes|yep|sure)'], ['[(+*]+'], ['(?:ab)+'], ['(\\d{3})-(\\d{4})'], ['(a+)?']])('accepts %j', (pattern) => {
    expect(regexProblem(pattern)).toBeNull();
  });

  it.each([['(a+)+$'], ['(\\w*)*'], ['(a|a)*$'], ['(\\w|\\d)*!'], ['(a|b|ab)*c'], ['(?<word>\\w+)*']])('accepts %j, which RE2 matches in linear time', (pattern) => {
    expect(regexProblem(pattern)).toBeNull();
  });

  it('refuses a back-reference and says what to do instead', () => {
    expect(regexProblem('(a)\\1')).toMatch(/^uses a back-reference .*: write the repeated text out/);
  });

  it.each([['(?=a)b'], ['a(?!b)'], ['(?<=a)b'], ['(?<!a)b']])('refuses the lookaround %j and says what to do instead', (pattern) => {
    expect(regexProblem(pattern)).toMatch(/^uses a lookahead or lookbehind .*: match the text itself/);
  });

  it('explains an invalid pattern', () => {
    expect(regexProblem('(unclosed')).toMatch(/^is not a valid regular expression/);
  });
});

describe('evaluateRule: yes/no subjects', () => {
  const vip = facts({ withinWorkingHours: false, contact: { known: true, responsibleUserId: 'u1', tags: ['vip', 'Wholesale'] } });

  it('tag: whether the contact has the tag, in any case', () => {
    expect(holds({ subject: { source: 'tag', key: 'VIP' }, operator: 'is_set' }, vip)).toBe(true);
    expect(holds({ subject: { source: 'tag', key: 'wholesale' }, operator: 'equals', value: 'true' }, vip)).toBe(true);
    expect(holds({ subject: { source: 'tag', key: 'Blocked' }, operator: 'is_set' }, vip)).toBe(false);
    expect(holds({ subject: { source: 'tag', key: 'Blocked' }, operator: 'not_set' }, vip)).toBe(true);
  });

  it('equals "true" / "false" (an empty value means "true")', () => {
    expect(holds({ subject: { source: 'working_hours' }, operator: 'equals', value: 'false' }, vip)).toBe(true);
    expect(holds({ subject: { source: 'working_hours' }, operator: 'equals', value: '' }, vip)).toBe(false);
    expect(holds({ subject: { source: 'contact_known' }, operator: 'equals', value: 'TRUE' }, vip)).toBe(true);
    expect(holds({ subject: { source: 'contact_known' }, operator: 'not_equals', value: 'true' }, facts())).toBe(true);
    expect(holds({ subject: { source: 'has_responsible' }, operator: 'is_set' }, vip)).toBe(true);
    expect(holds({ subject: { source: 'has_responsible' }, operator: 'is_set' }, facts())).toBe(false);
  });
});

describe('evaluateCondition', () => {
  const rules = [
    rule({ subject: { source: 'working_hours' }, operator: 'is_set' }),
    rule({ subject: variable('tier'), operator: 'equals', value: 'gold' }),
  ];

  it('all: every rule must hold', () => {
    expect(evaluateCondition({ match: 'all', rules }, facts(), { tier: 'gold' })).toBe(true);
    expect(evaluateCondition({ match: 'all', rules }, facts(), { tier: 'silver' })).toBe(false);
  });

  it('any: one rule is enough', () => {
    expect(evaluateCondition({ match: 'any', rules }, facts({ withinWorkingHours: false }), { tier: 'gold' })).toBe(true);
    expect(evaluateCondition({ match: 'any', rules }, facts({ withinWorkingHours: false }), {})).toBe(false);
  });
});
