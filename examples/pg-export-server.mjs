// Seed 004's real-world case: a web export that streams a large PostgreSQL table as NDJSON.
// Rows come from a paged result set (one cursor, one pooled connection per request), go through
// a Node Readable whose backpressure follows the client's socket, so a slow client slows the
// query down instead of filling memory, and a client that disconnects halfway stops the run:
// the cursor closes and the connection returns to the pool within milliseconds.
//
//   npm run build
//   FUNCPIPE_PG_URL=postgres://user:pass@127.0.0.1:5432/db node examples/pg-export-server.mjs --port 8080 --rows 1000000
//   curl -s http://127.0.0.1:8080/export.ndjson | head -3
//
// GET /export.ndjson streams the table; GET /stats reports the pool and the exports (the
// tests in packages/io/test/examples use it to watch the connection come back).
import http from 'node:http';
import { pipeline } from 'node:stream';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { Async, pipe } from 'funcpipe';
import { fromQuery } from '@funcpipe/io/postgres';

const { values: args } = parseArgs({ options: { port: { type: 'string', default: '8080' }, rows: { type: 'string', default: '100000' } } });
const rowCount = Number(args.rows);
if (!Number.isInteger(rowCount) || rowCount < 0) throw new RangeError(`--rows: expected a non-negative integer, got ${args.rows}`);
const connectionString = process.env.FUNCPIPE_PG_URL ?? process.env.DATABASE_URL;
if (connectionString === undefined) throw new Error('set FUNCPIPE_PG_URL (or DATABASE_URL) to the PostgreSQL connection string');

const pool = new pg.Pool({ connectionString, max: 4, application_name: 'funcpipe-export-example' });
await pool.query(`CREATE TABLE IF NOT EXISTS export_demo AS
  SELECT n AS id, 'customer ' || n AS name, (n * 7919) % 100000 / 100.0 AS amount, repeat('x', 200) AS note
  FROM generate_series(1, ${rowCount}) AS n`);

const stats = { started: 0, completed: 0, interrupted: 0, active: 0, rowsPulled: 0 };

function exportRows(response) {
  stats.started++;
  stats.active++;
  response.writeHead(200, { 'content-type': 'application/x-ndjson' });
  const body = pipe(
    fromQuery(pool, 'SELECT id, name, amount, note FROM export_demo ORDER BY id', { pageSize: 1_000 }),
    Async.tap(() => void stats.rowsPulled++),
    Async.chunk(100), // one write per 100 rows instead of one per row
    Async.map((rows) => rows.map((row) => `${JSON.stringify(row)}\n`).join('')),
    Async.toReadable({ objectMode: false }),
  );
  // pipeline destroys `body` when the client goes away, which stops the run; its callback fires
  // only after the run's cleanup (cursor closed, connection handed back) has finished.
  pipeline(body, response, (error) => {
    stats.active--;
    if (error === undefined) stats.completed++;
    else stats.interrupted++;
  });
}

const server = http.createServer((request, response) => {
  if (request.method === 'GET' && request.url === '/export.ndjson') return exportRows(response);
  if (request.method === 'GET' && request.url === '/stats') {
    response.writeHead(200, { 'content-type': 'application/json' });
    return response.end(JSON.stringify({ pool: { total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }, exports: stats }));
  }
  response.writeHead(404).end();
});
server.listen(Number(args.port), '127.0.0.1', () => {
  console.log(`listening on http://127.0.0.1:${server.address().port}`);
});

const shutdown = () => {
  server.close();
  server.closeAllConnections();
  pool.end().then(() => process.exit(0));
};
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
