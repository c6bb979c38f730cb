import { sql } from 'kysely';
import type { Database } from '../../db/client';

export interface InboxScaleShape {
  dialogs: number;
  /** Mean messages per dialog (each dialog has 1 … 2×mean−1). */
  meanMessages: number;
  lines: number;
  operators: number;
  contacts: number;
  /** The newest dialogs are open; the rest closed. */
  open: number;
}

/** The command-line options of the benches that load this data (`parseArgs` options; each bench adds its own). */
export const inboxScaleOptions = {
  dialogs: { type: 'string', default: '1000000' },
  'messages-per-dialog': { type: 'string', default: '10' },
  operators: { type: 'string', default: '50' },
  lines: { type: 'string', default: '20' },
  open: { type: 'string', default: '3000' },
  keep: { type: 'boolean', default: false },
  reuse: { type: 'boolean', default: false },
} as const;

/** The shape those options describe: as many contacts as 40% of the dialogs (at least one per open dialog). */
export function inboxScaleShape(values: { dialogs: string; 'messages-per-dialog': string; operators: string; lines: string; open: string }): InboxScaleShape {
  return {
    dialogs: Number(values.dialogs),
    meanMessages: Number(values['messages-per-dialog']),
    operators: Number(values.operators),
    lines: Number(values.lines),
    contacts: Math.max(Number(values.open), Math.round(Number(values.dialogs) * 0.4)),
    open: Number(values.open),
  };
}

export const operatorId = (n: number) => `bench-op-${n}`;
export const supervisorId = 'bench-supervisor';

/**
 * Loads a contact centre's years of history with INSERT … SELECT generate_series: `lines` lines
 * with a widget channel each, `operators` operators in two lines' queues each, a supervisor, and
 * `dialogs` dialogs one a minute (the newest `open` of them open: queued, offered, in work,
 * waiting for the client; a few pinned and with an invited colleague), with varying message counts.
 * Foreign-key triggers are off while loading (`session_replication_role = replica`): every
 * reference is built to exist, and checking 10 million of them one by one would take most of
 * the time. Each step reports how long it took.
 */
export async function loadInboxScaleData(db: Database, shape: InboxScaleShape, report: (line: string) => void): Promise<void> {
  const { dialogs, lines, operators, contacts, open } = shape;
  const spread = 2 * shape.meanMessages - 1;
  const step = async (label: string, run: () => Promise<unknown>) => {
    const started = performance.now();
    await run();
    report(`  ${label.padEnd(52)} ${((performance.now() - started) / 1000).toFixed(1).padStart(6)} s`);
  };
  await db.connection().execute(async (conn) => {
    await sql`set session_replication_role = replica`.execute(conn);
    await sql`set synchronous_commit = off`.execute(conn);
    await sql`set maintenance_work_mem = '256MB'`.execute(conn);
    await step(`${operators} operators, a supervisor, ${lines} lines`, async () => {
      await sql`insert into users (id, name, email, role)
        select 'bench-op-' || g, 'Operator ' || g, 'op' || g || '@bench.local', 'manager' from generate_series(1, ${operators}) g`.execute(conn);
      await sql`insert into users (id, name, email, role) values (${supervisorId}, 'Supervisor', 'supervisor@bench.local', 'director')`.execute(conn);
      await sql`insert into lines (id, name, settings) select g, 'Line ' || g, '{}'::jsonb from generate_series(1, ${lines}) g`.execute(conn);
      await sql`insert into channels (id, line_id, kind, key, name) select g, g, 'widget', 'bench-' || g, 'Widget ' || g from generate_series(1, ${lines}) g`.execute(conn);
      // Each operator serves two lines.
      await sql`insert into line_queue_members (line_id, user_id, position)
        select distinct on (line_id, user_id) line_id, user_id, o from (
          select 1 + (o % ${lines}) as line_id, 'bench-op-' || o as user_id, o from generate_series(1, ${operators}) o
          union all
          select 1 + ((o + 7) % ${lines}), 'bench-op-' || o, o from generate_series(1, ${operators}) o
        ) m`.execute(conn);
    });
    await step(`${contacts.toLocaleString('en')} contacts`, () =>
      sql`insert into contacts (id, name, email) select g, 'Client ' || g, 'client' || g || '@example.test' from generate_series(1, ${contacts}) g`.execute(conn),
    );
    // Dialog g started g minutes after the first; the newest `open` are open.
    await step(`${dialogs.toLocaleString('en')} dialogs (${open.toLocaleString('en')} open)`, () =>
      sql`insert into dialogs (id, line_id, channel_id, contact_id, operator_id, status, close_reason, priority, pinned,
                               created_at, updated_at, accepted_at, first_answer_at, closed_at)
        select g, line_id, line_id, 1 + (g % ${contacts}),
               case when status in ('queued', 'offered') then null else 'bench-op-' || (1 + (hashint4(g)::bigint + 2147483648) % ${operators}) end,
               status, case when status = 'closed' then 'operator' end,
               case when g % 50 = 0 then 1 else 0 end,
               status in ('in_work', 'waiting_client') and g % 20 = 0,
               created_at, created_at + (g % 3600) * interval '1 second',
               case when status not in ('queued', 'offered') then created_at + interval '1 minute' end,
               case when status not in ('queued', 'offered') then created_at + interval '2 minutes' end,
               case when status = 'closed' then created_at + (g % 3600) * interval '1 second' end
        from (
          select g, 1 + (g * 7) % ${lines} as line_id,
                 now() - (${dialogs} - g) * interval '1 minute' as created_at,
                 case when g <= ${dialogs - open} then 'closed'
                      else (array['queued', 'queued', 'offered', 'in_work', 'in_work', 'in_work', 'in_work', 'waiting_client', 'waiting_client', 'waiting_client'])[1 + g % 10]
                 end as status
          from generate_series(1, ${dialogs}) g
        ) d`.execute(conn),
    );
    await step('offers, invited colleagues', async () => {
      await sql`insert into dialog_offers (dialog_id, user_id, offered_at)
        select id, 'bench-op-' || (1 + (hashint4(id + 1)::bigint + 2147483648) % ${operators}), updated_at from dialogs where status = 'offered'`.execute(conn);
      await sql`insert into dialog_participants (dialog_id, user_id, invited_by)
        select id, 'bench-op-' || (1 + (hashint4(id + 2)::bigint + 2147483648) % ${operators}), operator_id from dialogs where status = 'in_work' and id % 7 = 0 and operator_id <> 'bench-op-' || (1 + (hashint4(id + 2)::bigint + 2147483648) % ${operators})`.execute(conn);
    });
    // Messages in batches of dialogs so progress shows; each dialog's messages alternate client /
    // operator, a third of closed dialogs end with the rating request (a system message).
    const batch = 100_000;
    let messages = 0;
    const started = performance.now();
    for (let from = 1; from <= dialogs; from += batch) {
      const result = await sql`insert into messages (dialog_id, channel_id, author_kind, author_user_id, text, created_at)
        select d.id, d.channel_id, kind, case when kind = 'operator' then d.operator_id end,
               case kind when 'client' then 'Hello, I have a question about my order number ' || d.id || ' (' || k || ')'
                         when 'operator' then 'Thank you for waiting, let me check order ' || d.id || ' for you.'
                         else 'Please rate how we did.' end,
               d.created_at + k * interval '20 seconds'
        from dialogs d
        cross join lateral generate_series(1, 1 + (d.id::bigint * 7919) % ${spread}) k
        cross join lateral (select case
                                     when d.status = 'closed' and d.id % 3 = 0 and k = 1 + (d.id::bigint * 7919) % ${spread} and k > 1 then 'system'
                                     when k % 2 = 1 or d.operator_id is null then 'client'
                                     else 'operator' end as kind) a
        where d.id between ${from} and ${Math.min(dialogs, from + batch - 1)}
        order by d.id, k`.execute(conn);
      messages += Number(result.numAffectedRows ?? 0);
      report(`  messages: ${messages.toLocaleString('en').padStart(12)} after ${((performance.now() - started) / 1000).toFixed(0)} s`);
    }
    await sql`select setval(pg_get_serial_sequence('dialogs', 'id'), ${dialogs})`.execute(conn);
    await sql`select setval(pg_get_serial_sequence('contacts', 'id'), ${contacts})`.execute(conn);
    await sql`select setval(pg_get_serial_sequence('lines', 'id'), ${lines})`.execute(conn);
    await sql`select setval(pg_get_serial_sequence('channels', 'id'), ${lines})`.execute(conn);
    await sql`set session_replication_role = origin`.execute(conn);
    // What autovacuum does in production: statistics for the planner, and the visibility map
    // that lets counts read indexes alone.
    await step('VACUUM ANALYZE', () => sql`vacuum (analyze)`.execute(conn));
  });
}
