import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { Async, pipe } from 'funcpipe';
import type pg from 'pg';
import { PostgresError, fromQuery } from '../../src/postgres.js';
import { activityOf, endWithin, poolIsIdle, testPool, urlWithPassword, waitForActivity } from '../support/postgres.js';
import pgDriver from 'pg';
import { values } from '../support/rows.js';

const APP = 'funcpipe-test-from-query';
let pool: pg.Pool;
let admin: pg.Pool;

before(() => {
  pool = testPool(APP);
  admin = testPool('funcpipe-test-admin', { max: 1 });
});
after(async () => {
  await endWithin(pool);
  await admin.end();
});

describe('postgres fromQuery', () => {
  test('streams every row in order across pages, then returns the connection', async () => {
    const rows = fromQuery<{ n: number }>(pool, 'SELECT n FROM generate_series(1, $1::int) AS n', { values: [2_500], pageSize: 100 });
    const got = await values(rows);
    assert.equal(got.length, 2_500);
    assert.deepEqual(got.slice(0, 3), [{ n: 1 }, { n: 2 }, { n: 3 }]);
    assert.ok(got.every((row, i) => row.n === i + 1));
    assert.ok(poolIsIdle(pool));
    assert.deepEqual(await values(rows), got, 'replayable: a second run reads the same rows');
  });

  test('an empty result and a page size that divides the row count exactly', async () => {
    assert.deepEqual(await values(fromQuery(pool, 'SELECT 1 AS n WHERE false')), []);
    const exact = await values(fromQuery(pool, 'SELECT n FROM generate_series(1, 300) AS n', { pageSize: 100 }));
    assert.equal(exact.length, 300);
    assert.ok(poolIsIdle(pool));
  });

  test('break mid-way closes the cursor and returns the same connection to the pool', async () => {
    const pidOf = async () => (await values(fromQuery<{ pid: number }>(pool, 'SELECT pg_backend_pid() AS pid')))[0]?.pid;
    const before = await pidOf();
    let seen = 0;
    for await (const r of fromQuery(pool, 'SELECT n FROM generate_series(1, 100000) AS n', { pageSize: 50 })) {
      assert.ok(r.ok);
      if (++seen === 120) break;
    }
    assert.ok(poolIsIdle(pool));
    assert.equal(pool.totalCount, 1, 'the connection was returned, not destroyed');
    assert.equal(await pidOf(), before);
    const rows = await activityOf(admin, APP);
    assert.ok(rows.every((row) => row.state === 'idle'), JSON.stringify(rows));
  });

  test('a consumer throw propagates unchanged and the connection goes back', async () => {
    const boom = new Error('consumer failed');
    await assert.rejects(async () => {
      for await (const r of fromQuery(pool, 'SELECT n FROM generate_series(1, 10000) AS n', { pageSize: 10 })) {
        if (r.ok && (r.value as { n: number }).n === 25) throw boom;
      }
    }, (error) => error === boom);
    assert.ok(poolIsIdle(pool));
  });

  test('take stops the run like a break', async () => {
    const got = await pipe(fromQuery(pool, 'SELECT n FROM generate_series(1, 100000) AS n', { pageSize: 7 }), Async.take(10), Async.toArray());
    assert.equal(got.length, 10);
    assert.ok(poolIsIdle(pool));
  });

  test('an abort during a 30 s statement cancels it on the server and releases the run at once', async () => {
    const controller = new AbortController();
    const run = fromQuery(pool, 'SELECT pg_sleep(30) AS slept').iterate({ signal: controller.signal });
    const pulled = run.next();
    await waitForActivity(admin, APP, (rows) => rows.some((row) => row.state === 'active' && row.query.includes('pg_sleep')));
    const reason = new Error('user went away');
    const start = performance.now();
    controller.abort(reason);
    await assert.rejects(pulled, (error) => error === reason);
    const elapsed = performance.now() - start;
    console.log(`# abort of a 30 s statement: run released in ${elapsed.toFixed(1)} ms`);
    assert.ok(elapsed < 1_000, `released after ${elapsed} ms`);
    assert.ok(poolIsIdle(pool));
    // The server stopped working on it: no active statement of ours remains (the destroyed
    // connection's backend has gone, or is idle on its way out). The statement would run 30 s if
    // not cancelled, so waiting up to 5 s (a loaded machine's postmaster is slow to take the
    // cancel request) still tells a cancelled statement from one left running.
    await waitForActivity(admin, APP, (rows) => rows.every((row) => row.state !== 'active'), 5_000);
  });

  test('a break while a slow page is in flight does not wait for the statement', async () => {
    const start = performance.now();
    let seen = 0;
    const slow = 'SELECT n, CASE WHEN n > 5 THEN pg_sleep(2) END FROM generate_series(1, 10) AS n';
    for await (const r of fromQuery(pool, slow, { pageSize: 5, closeTimeoutMs: 100 })) {
      assert.ok(r.ok);
      if (++seen === 5) break; // the prefetch of rows 6..10 is blocked in pg_sleep
    }
    const elapsed = performance.now() - start;
    assert.ok(elapsed < 1_500, `took ${elapsed} ms`);
    assert.ok(poolIsIdle(pool));
    await waitForActivity(admin, APP, (rows) => rows.every((row) => row.state !== 'active'), 2_000);
  });

  test('a backend killed mid-run rejects the run with a PostgresError; the pool recovers', async () => {
    const run = fromQuery<{ pid: number }>(pool, 'SELECT pg_backend_pid() AS pid, n FROM generate_series(1, 100000) AS n', { pageSize: 10 })[
      Symbol.asyncIterator
    ]();
    const first = await run.next();
    assert.ok(first.done !== true && first.value.ok);
    await admin.query('SELECT pg_terminate_backend($1)', [first.value.value.pid]);
    await assert.rejects(
      async () => {
        for (;;) if ((await run.next()).done === true) break;
      },
      (error: unknown) => error instanceof PostgresError && /^(57P01|CONNECTION_LOST|ECONNRESET|EPIPE)$/.test(error.code),
    );
    assert.ok(poolIsIdle(pool));
    assert.equal((await values(fromQuery(pool, 'SELECT 1 AS one'))).length, 1);
  });

  test('bad SQL rejects with the SQLSTATE, the server and the statement', async () => {
    await assert.rejects(values(fromQuery(pool, 'SELECT * FROM no_such_table')), (error: unknown) => {
      assert.ok(error instanceof PostgresError);
      assert.equal(error.kind, 'query');
      assert.equal(error.code, '42P01');
      assert.match(error.message, /no_such_table/);
      assert.match(error.message, /postgres@127\.0\.0\.1:\d+\/postgres/);
      assert.doesNotMatch(error.message, new RegExp(new URL(process.env['FUNCPIPE_TEST_PG_URL'] ?? '').password));
      return true;
    });
    assert.ok(poolIsIdle(pool));
  });

  test('a wrong password and a closed port reject quickly with a connect error', async () => {
    const wrong = new pgDriver.Pool({ connectionString: urlWithPassword('wrong'), max: 1 });
    await assert.rejects(values(fromQuery(wrong, 'SELECT 1')), (error: unknown) => {
      assert.ok(error instanceof PostgresError);
      assert.equal(error.kind, 'connect');
      assert.equal(error.code, '28P01');
      assert.match(error.message, /password authentication failed/);
      return true;
    });
    await endWithin(wrong);
    const closed = new pgDriver.Pool({ host: '127.0.0.1', port: 1, user: 'nobody', database: 'nowhere', max: 1 });
    await assert.rejects(values(fromQuery(closed, 'SELECT 1')), (error: unknown) => {
      assert.ok(error instanceof PostgresError);
      assert.equal(error.code, 'ECONNREFUSED');
      assert.match(error.message, /nobody@127\.0\.0\.1:1\/nowhere/);
      return true;
    });
    await endWithin(closed);
  });

  test('waiting for a connection is bounded by connectTimeoutMs', async () => {
    const single = testPool(`${APP}-single`, { max: 1 });
    const holder = await single.connect();
    await assert.rejects(values(fromQuery(single, 'SELECT 1', { connectTimeoutMs: 50 })), (error: unknown) => {
      assert.ok(error instanceof PostgresError);
      assert.equal(error.code, 'CONNECT_TIMEOUT');
      return true;
    });
    holder.release();
    await endWithin(single);
  });

  test('memory: the server computes at most two pages ahead of the consumer', async () => {
    await admin.query('DROP SEQUENCE IF EXISTS funcpipe_ticks; CREATE SEQUENCE funcpipe_ticks');
    const pageSize = 64;
    let consumed = 0;
    let maxAhead = 0;
    for await (const r of fromQuery(pool, "SELECT nextval('funcpipe_ticks') AS tick FROM generate_series(1, 2000)", { pageSize })) {
      assert.ok(r.ok);
      consumed++;
      if (consumed % 97 === 0) {
        const produced = Number((await admin.query<{ v: string }>('SELECT last_value AS v FROM funcpipe_ticks')).rows[0]?.v);
        maxAhead = Math.max(maxAhead, produced - consumed);
      }
    }
    assert.ok(maxAhead <= 2 * pageSize, `the server was ${maxAhead} rows ahead`);
    assert.equal(consumed, 2000);
  });

  test('options are validated, naming the field', () => {
    assert.throws(() => fromQuery({} as pg.Pool, 'SELECT 1'), /fromQuery: expected `pool` to be a pg.Pool/);
    assert.throws(() => fromQuery(pool, ''), /fromQuery: expected `text` to be a non-empty SQL string/);
    assert.throws(() => fromQuery(pool, 'SELECT 1', { pageSize: 0 }), RangeError);
    assert.throws(() => fromQuery(pool, 'SELECT 1', { pageSize: 1.5 }), /options.pageSize/);
    assert.throws(() => fromQuery(pool, 'SELECT 1', { values: 'x' as never }), /options.values/);
    assert.throws(() => fromQuery(pool, 'SELECT 1', { closeTimeoutMs: -1 }), /options.closeTimeoutMs/);
  });
});
