// Proof that nothing leaks (issue 10): 1,000 runs of paged PostgreSQL result sets, stopped at a
// random row in random ways (break, throw, take, abort between rows or while a page is in
// flight, normal end, a slow statement aborted, the backend killed with pg_terminate_backend),
// four at a time over a pool of three connections, leave pg_stat_activity at the pool's own
// connections, all idle (none active, none idle in transaction), and the pool with every
// connection idle. A killed backend rejects its run; no run hangs.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type pg from 'pg';
import { Async, pipe } from 'funcpipe';
import { PostgresError, fromQuery } from '../../src/postgres.js';
import { endWithin, settlesIdle, testPool, waitForActivity } from '../support/postgres.js';

const APP = 'funcpipe-test-leaks';
let pool: pg.Pool;
let admin: pg.Pool;
before(() => {
  pool = testPool(APP, { max: 3 });
  admin = testPool('funcpipe-test-leaks-admin', { max: 2 });
});
after(async () => {
  await endWithin(pool);
  await admin.end();
});

type Stop = 'end' | 'break' | 'throw' | 'take' | 'abort' | 'abort-in-flight' | 'slow-abort' | 'kill';
interface Scenario {
  readonly stop: Stop;
  readonly at: number;
  readonly pageSize: number;
  readonly delayMs: number;
}

const scenario: fc.Arbitrary<Scenario> = fc.record({
  stop: fc.constantFrom<Stop>('end', 'break', 'throw', 'take', 'abort', 'abort-in-flight', 'end', 'break', 'throw', 'take', 'abort', 'abort-in-flight', 'slow-abort', 'kill'),
  at: fc.integer({ min: 0, max: 150 }),
  pageSize: fc.integer({ min: 1, max: 40 }),
  delayMs: fc.integer({ min: 0, max: 4 }),
});

const TOTAL = 150;
const ROWS = 'SELECT n, pg_backend_pid() AS pid FROM generate_series(1, $1::int) AS n';

/** Fails instead of hanging: every run must settle within `ms`. */
function settleWithin<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} did not settle within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

async function runScenario(s: Scenario): Promise<void> {
  const controller = new AbortController();
  const reason = new Error(`aborted ${s.stop}`);
  const consumerError = new Error('consumer threw');
  switch (s.stop) {
    case 'end': {
      const got = await pipe(fromQuery(pool, ROWS, { values: [s.at], pageSize: s.pageSize }), Async.toArray());
      assert.equal(got.length, s.at);
      return;
    }
    case 'take': {
      const got = await pipe(fromQuery(pool, ROWS, { values: [TOTAL], pageSize: s.pageSize }), Async.take(s.at), Async.toArray());
      assert.equal(got.length, s.at);
      return;
    }
    case 'slow-abort': {
      const run = fromQuery(pool, 'SELECT pg_sleep(0.5) AS slept, n FROM generate_series(1, 3) AS n', { pageSize: s.pageSize }).iterate({ signal: controller.signal });
      setTimeout(() => controller.abort(reason), 5 + s.delayMs * 5);
      await assert.rejects(run.next(), (error) => error === reason);
      return;
    }
    case 'abort-in-flight': {
      setTimeout(() => controller.abort(reason), s.delayMs);
      await assert.rejects(async () => {
        for await (const r of fromQuery(pool, ROWS, { values: [100_000], pageSize: s.pageSize }).iterate({ signal: controller.signal })) assert.ok(r.ok);
      }, (error) => error === reason);
      return;
    }
    default: {
      let index = 0;
      const expected = s.stop === 'throw' ? consumerError : s.stop === 'abort' ? reason : undefined;
      const consume = async (): Promise<void> => {
        const rows = fromQuery<{ n: number; pid: number }>(pool, ROWS, { values: [s.stop === 'kill' ? 100_000 : TOTAL], pageSize: s.pageSize });
        for await (const r of rows.iterate({ signal: controller.signal })) {
          assert.ok(r.ok);
          if (index++ !== s.at) continue;
          if (s.stop === 'break') break;
          if (s.stop === 'throw') throw consumerError;
          if (s.stop === 'abort') controller.abort(reason);
          if (s.stop === 'kill') await admin.query('SELECT pg_terminate_backend($1)', [r.value.pid]);
        }
      };
      if (s.stop === 'kill') {
        await assert.rejects(consume(), (error) => error instanceof PostgresError && ['57P01', 'CONNECTION_LOST', 'ECONNRESET', 'EPIPE'].includes(error.code));
      } else if (expected !== undefined && s.at < TOTAL) {
        await assert.rejects(consume(), (error) => error === expected);
      } else {
        await consume();
      }
    }
  }
}

test('1,000 runs stopped at random rows in random ways leave no server session and no lease behind', async () => {
  const batches = fc.sample(fc.array(scenario, { minLength: 4, maxLength: 4 }), { seed: 20_260_410, numRuns: 250 });
  const counts = new Map<Stop, number>();
  for (const batch of batches) {
    for (const s of batch) counts.set(s.stop, (counts.get(s.stop) ?? 0) + 1);
    await settleWithin(Promise.all(batch.map(runScenario)), 10_000, `batch ${JSON.stringify(batch)}`);
  }
  console.log(`# runs by stop: ${JSON.stringify(Object.fromEntries(counts))}`);
  assert.equal([...counts.values()].reduce((a, b) => a + b, 0), 1_000);
  assert.ok(await settlesIdle(pool), `pool: total ${pool.totalCount}, idle ${pool.idleCount}, waiting ${pool.waitingCount}`);
  // Destroyed connections' backends exit asynchronously; wait until only the pool's own remain.
  const rows = await waitForActivity(admin, APP, (r) => r.length === pool.totalCount && r.every((row) => row.state === 'idle'));
  console.log(`# after 1,000 runs: ${rows.length} server sessions of the pool, all idle; pool holds ${pool.totalCount} idle connections`);
});
