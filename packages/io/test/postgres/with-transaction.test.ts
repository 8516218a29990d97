import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Async, pipe } from 'funcpipe';
import type pg from 'pg';
import { PostgresError, withTransaction } from '../../src/postgres.js';
import { endWithin, poolIsIdle, testPool } from '../support/postgres.js';

let pool: pg.Pool;
before(async () => {
  pool = testPool('funcpipe-test-transaction');
  await pool.query('DROP TABLE IF EXISTS account; CREATE TABLE account (id int PRIMARY KEY, balance int NOT NULL)');
});
after(() => endWithin(pool));

const balances = async () => (await pool.query<{ balance: number }>('SELECT balance FROM account ORDER BY id')).rows.map((r) => r.balance);

test('postgres withTransaction: commit on success, rollback on error keeping the original error', async () => {
  await pool.query('INSERT INTO account VALUES (1, 100), (2, 0)');
  const moved = await withTransaction(pool, async (tx) => {
    await tx.query('UPDATE account SET balance = balance - $1 WHERE id = 1', [30]);
    await tx.query('UPDATE account SET balance = balance + $1 WHERE id = 2', [30]);
    const rows = await pipe(tx.fromQuery<{ balance: number }>('SELECT balance FROM account ORDER BY id', { pageSize: 1 }), Async.toArray());
    return rows.map((r) => (r.ok ? r.value.balance : NaN));
  });
  assert.deepEqual(moved, [70, 30]);
  assert.deepEqual(await balances(), [70, 30]);
  assert.ok(poolIsIdle(pool));

  const original = new Error('insufficient funds');
  await assert.rejects(
    withTransaction(pool, async (tx) => {
      await tx.query('UPDATE account SET balance = balance - 500 WHERE id = 1');
      throw original;
    }),
    (error) => error === original,
  );
  assert.deepEqual(await balances(), [70, 30], 'rolled back');

  await assert.rejects(
    withTransaction(pool, (tx) => tx.query('UPDATE account SET balance = oops')),
    (error) => error instanceof PostgresError && error.code === '42703',
  );
  assert.ok(poolIsIdle(pool));
});

test('postgres withTransaction: a run left open at commit fails the transaction; a cancelled run poisons the connection', async () => {
  await assert.rejects(
    withTransaction(pool, async (tx) => {
      const run = tx.fromQuery('SELECT n FROM generate_series(1, 1000) AS n', { pageSize: 10 })[Symbol.asyncIterator]();
      await run.next();
      return 'left open';
    }),
    /still open at its end/,
  );
  const before = pool.totalCount;
  await assert.rejects(
    withTransaction(pool, async (tx) => {
      const controller = new AbortController();
      const run = tx.fromQuery('SELECT pg_sleep(3)').iterate({ signal: controller.signal });
      const pulled = run.next();
      setTimeout(() => controller.abort(new Error('stop')), 50);
      await pulled;
    }),
    /stop/,
  );
  assert.ok(pool.totalCount < before || pool.totalCount === 0, 'the cancelled connection was destroyed');
  assert.ok(poolIsIdle(pool));
});
