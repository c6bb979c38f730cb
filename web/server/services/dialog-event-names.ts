import type { Database } from '../../../db/client';
import { findLineNames } from '../../../db/queries/lines';
import { findUserNames } from '../../../db/queries/users';

/** Keys of dialog event data that hold a user id (offered to, transferred from/to, invited, taken over from). */
const userKeys = ['operatorId', 'fromOperatorId', 'toOperatorId', 'inviteeId'] as const;
/** Keys that hold a line id (transferred from one line to another line's queue). */
const lineKeys = ['lineId', 'fromLineId', 'toLineId'] as const;

function valuesOf<T>(data: Record<string, unknown>, keys: readonly string[], is: (value: unknown) => value is T): T[] {
  return keys.flatMap((key) => (is(data[key]) ? [data[key]] : []));
}

const isString = (value: unknown): value is string => typeof value === 'string';
const isNumber = (value: unknown): value is number => typeof value === 'number';

/**
 * The names of the users and lines each event refers to, by data key, in event order: the
 * history reads "Transferred to Boris", not an id. Unknown (deleted) ones are left out.
 */
export async function namesInEvents(db: Database, events: readonly { data: Record<string, unknown> }[]): Promise<Record<string, string>[]> {
  const [users, lines] = await Promise.all([
    findUserNames(db, events.flatMap((e) => valuesOf(e.data, userKeys, isString))),
    findLineNames(db, events.flatMap((e) => valuesOf(e.data, lineKeys, isNumber))),
  ]);
  return events.map(({ data }) => {
    const names: Record<string, string> = {};
    for (const key of userKeys) {
      const name = isString(data[key]) ? users.get(data[key]) : undefined;
      if (name !== undefined) names[key] = name;
    }
    for (const key of lineKeys) {
      const name = isNumber(data[key]) ? lines.get(data[key]) : undefined;
      if (name !== undefined) names[key] = name;
    }
    return names;
  });
}
