/**
 * Reads "a.b.0.c" out of a JSON value (an HTTP response body) as text for a flow variable: strings
 * as they are, numbers and booleans as written, objects and arrays as JSON. Undefined when the path
 * leads nowhere or to null. A body that arrived as a JSON string is parsed first.
 */
export function readJsonPath(body: unknown, path: string): string | undefined {
  let current: unknown = typeof body === 'string' ? parseJson(body) : body;
  for (const segment of path.split('.')) {
    current = child(current, segment.trim());
    if (current === undefined) return undefined;
  }
  if (current === null || current === undefined) return undefined;
  return typeof current === 'object' ? JSON.stringify(current) : String(current);
}

function child(value: unknown, key: string): unknown {
  if (Array.isArray(value)) return /^\d+$/.test(key) ? value[Number(key)] : undefined;
  if (typeof value === 'object' && value !== null && Object.hasOwn(value, key)) return (value as Record<string, unknown>)[key];
  return undefined;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
