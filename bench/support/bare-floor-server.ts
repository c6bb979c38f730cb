import { createServer, type ServerResponse } from 'node:http';
import pg from 'pg';

/**
 * The bare floor of `npm run bench`, run as its own process like the web server: POST /messages
 * INSERTs a row and NOTIFYs in one statement (one commit), GET /events streams every notification
 * to each listener as server-sent events. No auth, no Temporal, no framework: what is left of the
 * product's inbound path is PostgreSQL, one HTTP hop in and one SSE hop out.
 */
const CHANNEL = 'bench_floor';
const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) throw new Error('DATABASE_URL must be set');

const pool = new pg.Pool({ connectionString: databaseUrl, max: 20 });
await pool.query('create table if not exists bench_floor_messages (id bigserial primary key, visitor text not null, text text not null, created_at timestamptz not null default now())');
const listener = new pg.Client({ connectionString: databaseUrl });
await listener.connect();
await listener.query(`LISTEN ${CHANNEL}`);
const streams = new Set<ServerResponse>();
listener.on('notification', (msg) => {
  for (const stream of streams) stream.write(`data: ${msg.payload}\n\n`);
});

const server = createServer((request, response) => {
  if (request.method === 'GET' && request.url === '/events') {
    response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
    response.write('event: connected\ndata: {}\n\n');
    streams.add(response);
    request.on('close', () => streams.delete(response));
    return;
  }
  if (request.method === 'POST' && request.url === '/messages') {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      const { visitor, text } = JSON.parse(body) as { visitor: string; text: string };
      pool
        .query<{ id: string }>(
          `with m as (insert into bench_floor_messages (visitor, text) values ($1, $2) returning id)
           select id, pg_notify('${CHANNEL}', json_build_object('messageId', id)::text) from m`,
          [visitor, text],
        )
        .then(({ rows }) => {
          response.writeHead(202, { 'content-type': 'application/json' });
          response.end(JSON.stringify({ messageId: Number(rows[0]!.id) }));
        })
        .catch((error: unknown) => {
          response.writeHead(500);
          response.end(String(error));
        });
    });
    return;
  }
  response.writeHead(404);
  response.end();
});
// Longer than any client's idle keep-alive: a socket closed under a reusing client fails its next POST.
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  console.log(`bare floor listening on ${typeof address === 'object' && address ? address.port : '?'}`);
});
const stop = () => {
  for (const stream of streams) stream.end();
  server.close();
  void Promise.all([listener.end(), pool.end()]).then(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
