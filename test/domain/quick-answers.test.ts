import { describe, expect, it } from 'vitest';
import { fillPlaceholders, quickAnswerInputSchema, slashQueryAt } from '../../domain/quick-answers';

describe('fillPlaceholders', () => {
  const values = { 'client.name': 'Maria', 'operator.name': 'Anna', 'line.name': 'Sales' };

  it('fills every known placeholder, each time it appears', () => {
    expect(fillPlaceholders('Hello {client.name}, this is {operator.name} from {line.name}. Bye {client.name}!', values)).toBe(
      'Hello Maria, this is Anna from Sales. Bye Maria!',
    );
  });

  it('leaves unknown placeholders as written, so the operator sees the typo', () => {
    expect(fillPlaceholders('Hi {client.nmae} {order.id} {client.name}', values)).toBe('Hi {client.nmae} {order.id} Maria');
  });

  it('leaves out a missing name with the spacing and comma around it', () => {
    const none = { 'client.name': null, 'operator.name': 'Anna' };
    expect(fillPlaceholders('Hello {client.name}!', none)).toBe('Hello!');
    expect(fillPlaceholders('Hello, {client.name}!', none)).toBe('Hello!');
    expect(fillPlaceholders('Hi {client.name}, how are you?', none)).toBe('Hi, how are you?');
    expect(fillPlaceholders('{client.name}, thanks for waiting.', none)).toBe('Thanks for waiting.');
    expect(fillPlaceholders('Dear {client.name} and team', { 'client.name': '  ' })).toBe('Dear and team');
    expect(fillPlaceholders('Line one\n{client.name}: see below', {})).toBe('Line one\nSee below');
  });

  it('never shows a brace or "undefined" for a known placeholder', () => {
    const filled = fillPlaceholders('{client.name} {operator.name} {line.name}', {});
    expect(filled).not.toMatch(/[{}]|undefined|null/);
  });
});

describe('slashQueryAt', () => {
  it('opens the picker for a word starting with "/" at the caret', () => {
    expect(slashQueryAt('/', 1)).toEqual({ query: '', start: 0 });
    expect(slashQueryAt('Hello /deliv', 12)).toEqual({ query: 'deliv', start: 6 });
    expect(slashQueryAt('line\n/pri', 9)).toEqual({ query: 'pri', start: 5 });
  });

  it('does not open it inside a word, a link or after a space', () => {
    expect(slashQueryAt('and/or', 6)).toBeNull();
    expect(slashQueryAt('see https://x.test/a', 20)).toBeNull();
    expect(slashQueryAt('/price ', 7)).toBeNull();
  });
});

describe('quickAnswerInputSchema', () => {
  it('names the field and the fix for an empty title, an empty or too long text', () => {
    const result = quickAnswerInputSchema.safeParse({ title: ' ', text: '', lineId: null });
    expect(result.success).toBe(false);
    const issues = result.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`) ?? [];
    expect(issues).toEqual([expect.stringMatching(/^title: must not be empty/), expect.stringMatching(/^text: must not be empty/)]);
    const long = quickAnswerInputSchema.safeParse({ title: 'Long', text: 'x'.repeat(4001), lineId: 1 });
    expect(long.error?.issues[0]?.message).toMatch(/at most 4000 characters/);
  });
});
