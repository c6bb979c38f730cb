/** One field of an audit entry as the page shows it: its values before and after, as text (undefined: absent). */
export interface ChangedField {
  name: string;
  before: string | undefined;
  after: string | undefined;
}

function shown(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  return typeof value === 'string' ? value : JSON.stringify(value, null, 2);
}

/**
 * The fields an entry changed: those whose values differ between before and after (for a
 * creation or removal, every field of the side there is). Unchanged fields are left out.
 */
export function changedFields(before: Record<string, unknown> | null, after: Record<string, unknown> | null): ChangedField[] {
  const names = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])];
  return names
    .map((name) => ({ name, before: shown(before?.[name]), after: shown(after?.[name]) }))
    .filter((field) => field.before !== field.after);
}
