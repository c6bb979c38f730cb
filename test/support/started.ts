/**
 * For helpers that register beforeAll hooks and hand out what they started through getters: the
 * value once started, or an error naming the helper when read outside a test.
 */
export function startedBy(helper: string): <T>(value: T | undefined) => T {
  return (value) => {
    if (value === undefined) throw new Error(`${helper}: started in beforeAll; use it inside a test`);
    return value;
  };
}
