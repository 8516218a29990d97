// The web export example (examples/pg-export-server.mjs), started as its own process over the
// test PostgreSQL and driven by a real HTTP client over loopback: a full download, a paused
// client (backpressure holds the query back), and a client that disconnects halfway (the
// cursor closes and the connection returns to the pool within a bounded time).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { repositoryRoot } from '../support/repository.js';
import type pg from 'pg';
import { testDatabaseUrl, testPool, waitForActivity } from '../support/postgres.js';

const ROWS = 120_000;
const APP = 'funcpipe-export-example';
let server: ChildProcess;
let base: string;
let admin: pg.Pool;

interface Stats {
  pool: { total: number; idle: number; waiting: number };
  exports: { started: number; completed: number; interrupted: number; active: number; rowsPulled: number };
}

async function stats(): Promise<Stats> {
  return (await (await fetch(`${base}/stats`)).json()) as Stats;
}

async function waitFor(check: (s: Stats) => boolean, timeoutMs: number): Promise<Stats> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const s = await stats();
    if (check(s)) return s;
    if (performance.now() > deadline) throw new Error(`server stats never matched: ${JSON.stringify(s)}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

before(async () => {
  admin = testPool('funcpipe-test-export-admin', { max: 1 });
  await admin.query('DROP TABLE IF EXISTS export_demo');
  server = spawn(process.execPath, ['examples/pg-export-server.mjs', '--port', '0', '--rows', String(ROWS)], {
    cwd: repositoryRoot('examples/pg-export-server.mjs'),
    env: { ...process.env, FUNCPIPE_PG_URL: testDatabaseUrl() },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  base = await new Promise<string>((resolve, reject) => {
    let out = '';
    server.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match?.[1] !== undefined) resolve(match[1]);
    });
    server.once('exit', (code) => reject(new Error(`the example server exited with ${code} before listening`)));
  });
});
after(async () => {
  const exited = new Promise((resolve) => server.once('exit', resolve));
  server.kill('SIGTERM');
  await exited;
  await admin.end();
});

test('a full download streams every row as NDJSON and hands the connection back', async () => {
  const response = await fetch(`${base}/export.ndjson`);
  assert.equal(response.headers.get('content-type'), 'application/x-ndjson');
  const lines = (await response.text()).trimEnd().split('\n');
  assert.equal(lines.length, ROWS);
  assert.equal(JSON.parse(lines[0] ?? '').id, 1);
  assert.equal(JSON.parse(lines.at(-1) ?? '').id, ROWS);
  const s = await waitFor((x) => x.exports.active === 0, 2_000);
  assert.equal(s.exports.completed, 1);
  assert.equal(s.pool.idle, s.pool.total);
});

test('a client that stops reading holds the query back (backpressure), and one that disconnects releases the cursor and connection at once', async () => {
  const before = await stats();
  const request = http.get(`${base}/export.ndjson`);
  const response = await new Promise<http.IncomingMessage>((resolve) => request.once('response', resolve));
  let received = 0;
  await new Promise<void>((resolve) => {
    response.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received > 64 * 1024) {
        response.pause();
        resolve();
      }
    });
  });
  // Paused: the server stops pulling rows once the socket buffers are full.
  let pulled = (await stats()).exports.rowsPulled - before.exports.rowsPulled;
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 150));
    const now = (await stats()).exports.rowsPulled - before.exports.rowsPulled;
    if (now === pulled) break;
    pulled = now;
  }
  assert.ok(pulled < ROWS / 2, `the server pulled ${pulled} of ${ROWS} rows for a paused client`);
  assert.equal((await stats()).exports.active, 1, 'the paused export still holds its cursor');

  const start = performance.now();
  request.destroy();
  const s = await waitFor((x) => x.exports.active === 0 && x.pool.idle === x.pool.total, 2_000);
  const elapsed = performance.now() - start;
  console.log(`# client disconnect halfway (${pulled} of ${ROWS} rows pulled): cursor closed and connection back in the pool after ${elapsed.toFixed(1)} ms`);
  assert.equal(s.exports.interrupted, before.exports.interrupted + 1);
  await waitForActivity(admin, APP, (rows) => rows.every((row) => row.state === 'idle'));
});
