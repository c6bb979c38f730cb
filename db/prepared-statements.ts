import type pg from 'pg';

/**
 * Statements a process runs again and again (the inbound path, the dispatch pass, the inbox) are
 * kept parsed on each connection: PostgreSQL parses, analyses and rewrites such a statement once
 * per connection instead of on every run, and may plan it once (it compares a generic plan with
 * the plans made for each run's values, so a query that needs its values to use a partial index
 * keeps being planned per run). A text is prepared once it has run `PREPARE_AFTER_RUNS` times in
 * this process, on at most `MAX_PREPARED_PER_CONNECTION` texts per connection: a query whose text
 * varies (a list of ids of any length) cannot fill PostgreSQL's memory.
 *
 * Not prepared: statements without parameters (BEGIN, COMMIT, DDL: sent as simple queries), and
 * statements whose result columns are `*`: a prepared statement's result columns are fixed, so a
 * column added by a migration another process ran would fail it ("cached plan must not change
 * result type") until the connection closes. If a listed column's type is changed under a prepared
 * statement, that error is answered by running the text unprepared on that connection from then
 * on (at once when outside a transaction; inside one, the transaction has failed and the error is
 * the caller's, as for any statement that fails).
 *
 * DATABASE_PREPARED_STATEMENTS=off turns this off: PgBouncer in transaction mode before 1.21
 * cannot carry prepared statements between its server connections.
 */
export const PREPARE_AFTER_RUNS = 3;
export const MAX_PREPARED_PER_CONNECTION = 100;
/** Distinct texts counted at most; a text first seen after that runs unprepared. */
const MAX_COUNTED_TEXTS = 5_000;

interface Statement {
  /** Absent for a text that is never prepared (see mayPrepare). */
  name?: string;
  runs: number;
}

/** This process's statements by text: a text has one name on every connection. */
const statements = new Map<string, Statement>();

type Query = (...args: unknown[]) => unknown;

/** Makes `client` run its repeated statements prepared (see above). Call once per connection. */
export function prepareRepeatedStatements(client: pg.Client): void {
  const prepared = new Set<string>();
  /** Texts whose prepared form PostgreSQL refused after a schema change: run unprepared here. */
  const refused = new Set<string>();
  const query = client.query.bind(client) as Query;

  const nameFor = (text: string): string | undefined => {
    if (refused.has(text)) return undefined;
    const statement = countRun(text);
    if (statement?.name === undefined || statement.runs < PREPARE_AFTER_RUNS) return undefined;
    if (prepared.has(statement.name)) return statement.name;
    if (prepared.size >= MAX_PREPARED_PER_CONNECTION) return undefined;
    prepared.add(statement.name);
    return statement.name;
  };

  client.query = ((...args: unknown[]) => {
    const [text, values, callback] = args;
    // Only the (text, values) promise form Kysely uses; anything else goes through as it came.
    if (typeof text !== 'string' || !Array.isArray(values) || values.length === 0 || callback !== undefined || args.length > 2) return query(...args);
    const name = nameFor(text);
    if (name === undefined) return query(text, values);
    return (query({ name, text, values }) as Promise<unknown>).catch((error: unknown) => {
      if (!isStaleResultType(error)) throw error;
      refused.add(text);
      if (client.getTransactionStatus() === 'I') return query(text, values);
      throw error;
    });
  }) as typeof client.query;
}

function countRun(text: string): Statement | undefined {
  let statement = statements.get(text);
  if (!statement) {
    if (statements.size >= MAX_COUNTED_TEXTS) return undefined;
    statements.set(text, (statement = mayPrepare(text) ? { name: `openlines_${statements.size + 1}`, runs: 0 } : { runs: 0 }));
  }
  statement.runs++;
  return statement;
}

/** A text whose result columns are all named: no `*` but in count(*). */
function mayPrepare(text: string): boolean {
  return !text.replaceAll('count(*)', '').includes('*');
}

/** SQLSTATE 0A000 "cached plan must not change result type". */
function isStaleResultType(error: unknown): boolean {
  const { code, message } = (typeof error === 'object' && error !== null ? error : {}) as { code?: string; message?: string };
  return code === '0A000' && typeof message === 'string' && message.includes('cached plan must not change result type');
}
