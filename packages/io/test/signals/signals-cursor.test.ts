// SIGINT and SIGTERM stop a pipeline process that holds a PostgreSQL cursor (a slow statement, a
// page in flight) and a SQLite result set: the run is aborted, the statement cancelled and the
// connection released (the child sees no statement of its application_name left running on the
// server; the pool holds nothing leased), the SQLite connection closes (no statement open on it),
// the process exits by itself promptly, and afterwards pg_stat_activity shows no session of that
// application_name and no file of the child remains.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import { activityOf, testDatabaseUrl, testPool, waitForActivity } from '../support/postgres.js';

const child = join(dirname(fileURLToPath(import.meta.url)), '../fixtures/signal-cursor-child.js');
let admin: pg.Pool;
before(() => {
  admin = testPool('funcpipe-test-signals-admin', { max: 1 });
});
after(() => admin.end());

interface Report {
  readonly outcome: string;
  readonly poolAfterStop: { total: number; idle: number; waiting: number };
  readonly runningAfterStop: unknown[];
  readonly serverQuietAfterMs: number;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  test(`${signal} stops a process streaming a PostgreSQL cursor and a SQLite source, with both released`, async (t) => {
    const app = `funcpipe-test-signal-${signal.toLowerCase()}`;
    const dir = await mkdtemp(join(tmpdir(), 'funcpipe-signal-cursor-'));
    try {
      const proc = spawn(process.execPath, [child, app, dir], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FUNCPIPE_TEST_PG_URL: testDatabaseUrl() } });
      const stderr: string[] = [];
      proc.stderr.setEncoding('utf8').on('data', (d: string) => stderr.push(d));
      const exited = once(proc, 'exit').then(([code]) => code as number | null);
      const lines = createInterface({ input: proc.stdout })[Symbol.asyncIterator]();
      const first = await lines.next();
      assert.equal(first.value, 'ready', `the child's first line; stderr: ${stderr.join('')}`);
      const before = await activityOf(admin, app);
      assert.equal(before.length, 1, `one server session streams the cursor: ${JSON.stringify(before)}`);
      const sentAt = Date.now();
      proc.kill(signal);
      const code = await exited;
      const tookMs = Date.now() - sentAt;
      assert.equal(code, 0, stderr.join(''));
      let last = '';
      for (let line = await lines.next(); line.done !== true; line = await lines.next()) last = line.value;
      const report = JSON.parse(last) as Report;
      assert.equal(report.outcome, `stopped by ${signal}`);
      assert.equal(report.poolAfterStop.total - report.poolAfterStop.idle, 0, 'no connection leased after the stop');
      assert.deepEqual(report.runningAfterStop, [], 'no statement of the pipeline left running on the server');
      // Without the cancel the slow statement would run for minutes; a generous bound, not a timing.
      assert.ok(tookMs < 10_000, `the child exited ${tookMs} ms after the signal`);
      await waitForActivity(admin, app, (rows) => rows.length === 0);
      assert.deepEqual(await readdir(dir), [], 'no file of the child remains');
      t.diagnostic(`${signal}: exited ${tookMs} ms after the signal; the server had no statement of it running ${report.serverQuietAfterMs} ms after the stop`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
}
