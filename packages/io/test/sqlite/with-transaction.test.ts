import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Async, isSuppressedError, pipe } from 'funcpipe';
import { fromQuery, openDatabase, withTransaction } from '../../src/sqlite.js';
import { tempDir } from '../support/temp-dir.js';

test('sqlite withTransaction: commit on success, rollback on error with the original error, async bodies and paged reads inside', async () => {
  const dir = tempDir('sqlite-tx');
  const db = await openDatabase(join(dir.path, 'tx.db'), { create: true });
  try {
    db.exec('CREATE TABLE account (id INTEGER PRIMARY KEY, balance INTEGER NOT NULL)');
    db.exec('INSERT INTO account VALUES (1, 100), (2, 0)');
    const total = await withTransaction(db, async (tx) => {
      tx.prepare('UPDATE account SET balance = balance - 30 WHERE id = 1').run();
      await new Promise((resolve) => setTimeout(resolve, 5));
      tx.prepare('UPDATE account SET balance = balance + 30 WHERE id = 2').run();
      const rows = await pipe(fromQuery<{ balance: number }>(tx, 'SELECT id, balance FROM account', { key: 'id', pageSize: 1 }), Async.toArray());
      return rows.reduce((sum, r) => sum + (r.ok ? r.value.balance : 0), 0);
    });
    assert.equal(total, 100);
    assert.deepEqual(db.prepare('SELECT balance FROM account ORDER BY id').pluck().all(), [70, 30]);

    const original = new Error('insufficient funds');
    await assert.rejects(
      withTransaction(db, (tx) => {
        tx.prepare('UPDATE account SET balance = balance - 500 WHERE id = 1').run();
        throw original;
      }),
      (error) => error === original,
    );
    assert.deepEqual(db.prepare('SELECT balance FROM account ORDER BY id').pluck().all(), [70, 30], 'rolled back');
    assert.equal(db.inTransaction, false);

    // A failing rollback is kept together with the body's error.
    await assert.rejects(
      withTransaction(db, (tx) => {
        tx.exec('COMMIT'); // ends the transaction behind the helper's back...
        tx.exec('BEGIN; SELECT 1'); // ...and opens another one that ROLLBACK closes fine
        throw original;
      }),
      (error) => error === original || (isSuppressedError(error) && error.suppressed === original),
    );
    assert.throws(() => withTransaction({} as never, () => 1), /expected `db` to be a better-sqlite3 Database/);
    assert.throws(() => withTransaction(db, () => 1, { mode: 'lazy' as never }), /options.mode/);
  } finally {
    db.close();
    dir.remove();
  }
});
