import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { describe, expect, test } from 'vitest';
import { LOCALES } from '../../domain/locale';
import { messagesByLocale } from '../../web/i18n/messages';

/**
 * English is the reference catalogue. Russian must say everything English says (no key missing or
 * left over), with the same arguments ({name}, {count}, …), in valid ICU syntax — otherwise a Russian
 * user sees a raw key or a text with a hole in it.
 */
type Catalogue = { [key: string]: string | Catalogue };

function flatten(catalogue: Catalogue, prefix = ''): Map<string, string> {
  const flat = new Map<string, string>();
  for (const [key, value] of Object.entries(catalogue)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') flat.set(path, value);
    else for (const [k, v] of flatten(value, path)) flat.set(k, v);
  }
  return flat;
}

function argumentsOf(elements: MessageFormatElement[], into = new Set<string>()): Set<string> {
  for (const element of elements) {
    if (element.type === TYPE.argument || element.type === TYPE.number || element.type === TYPE.date || element.type === TYPE.time) into.add(element.value);
    if (element.type === TYPE.plural || element.type === TYPE.select) {
      into.add(element.value);
      for (const option of Object.values(element.options)) argumentsOf(option.value, into);
    }
    if (element.type === TYPE.tag) {
      into.add(`<${element.value}>`);
      argumentsOf(element.children, into);
    }
  }
  return into;
}

const english = flatten(messagesByLocale.en as unknown as Catalogue);

describe.each(LOCALES.filter((l) => l !== 'en'))('the %s catalogue', (locale) => {
  const translated = flatten(messagesByLocale[locale] as unknown as Catalogue);

  test('has every English key and no other', () => {
    expect([...english.keys()].filter((k) => !translated.has(k))).toEqual([]);
    expect([...translated.keys()].filter((k) => !english.has(k))).toEqual([]);
  });

  test('every text parses and uses the same arguments as its English original', () => {
    const mismatches: string[] = [];
    for (const [key, text] of english) {
      const other = translated.get(key);
      if (other === undefined) continue;
      const expected = [...argumentsOf(parse(text))].sort();
      const actual = [...argumentsOf(parse(other))].sort();
      if (expected.join() !== actual.join()) mismatches.push(`${key}: ${expected.join(', ')} ≠ ${actual.join(', ')}`);
    }
    expect(mismatches).toEqual([]);
  });

  test('no text is left empty', () => {
    expect([...translated].filter(([, text]) => text.trim() === '').map(([key]) => key)).toEqual([]);
  });
});
