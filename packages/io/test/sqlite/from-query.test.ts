import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import fc from 'fast-check';
import Database from 'better-sqlite3';
import { Async, createPool, pipe } from 'funcpipe';
import { SqliteError, fromQuery, openDatabase } from '../../src/sqlite.js';
import { tempDir } from '../support/temp-dir.js';
import { values } from '../support/rows.js';

const dir = tempDir('sqlite');
let db: Database.Database;

before(async () => {
  db = await openDatabase(join(dir.path, 'shop.db'), { create: true });
  db.exec('CREATE TABLE item (id INTEGER PRIMARY KEY, name TEXT NOT NULL, grp INTEGER NOT NULL, seq INTEGER NOT NULL, UNIQUE (grp, seq))');
  const insert = db.prepare('INSERT INTO item (id, name, grp, seq) VALUES (?, ?, ?, ?)');
  db.transaction(() => {
    for (let i = 1; i <= 1_000; i++) insert.run(i * 3, `item ${i}`, i % 7, i);
  })();
});
after(() => {
  db.close();
  dir.remove();
});

describe('sqlite fromQuery', () => {
  test('keyset pages give exactly the rows of the query, in key order, for any page size and filter (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 120 }), fc.integer({ min: 0, max: 3_000 }), fc.boolean(), async (pageSize, above, composite) => {
        const sql = 'SELECT id, name, grp, seq FROM item WHERE id > ?';
        const expected = db.prepare(`${sql} ORDER BY ${composite ? 'grp, seq' : 'id'}`).all(above);
        const got = await values(fromQuery(db, sql, { key: composite ? ['grp', 'seq'] : 'id', params: [above], pageSize }));
        assert.deepEqual(got, expected);
      }),
      { seed: 10_004, numRuns: 60 },
    );
  });

  test('named parameters, the rowid as key, and a trailing semicolon', async () => {
    const named = await values(fromQuery<{ id: number }>(db, 'SELECT id FROM item WHERE grp = :grp;', { key: 'id', params: { grp: 3 }, pageSize: 10 }));
    assert.deepEqual(named, db.prepare('SELECT id FROM item WHERE grp = 3 ORDER BY id').all());
    db.exec("CREATE TABLE tag (label TEXT); INSERT INTO tag (label) SELECT 'tag ' || value FROM json_each('[1,2,3,4,5,6,7]')");
    const byRowid = await values(fromQuery<{ rowid: number }>(db, 'SELECT rowid, label FROM tag', { key: 'rowid', pageSize: 2 }));
    assert.deepEqual(byRowid.map((row) => row.rowid), [1, 2, 3, 4, 5, 6, 7]);
  });

  test('between pages nothing is open: writes, exec, pragma and transactions succeed mid-run (iterate() would throw busy)', async () => {
    const seen: number[] = [];
    let index = 0;
    for await (const r of fromQuery<{ id: number }>(db, 'SELECT id FROM item', { key: 'id', pageSize: 50 })) {
      assert.ok(r.ok);
      seen.push(r.value.id);
      if (++index === 75) {
        db.exec('CREATE TABLE IF NOT EXISTS note (t TEXT)');
        db.prepare('INSERT INTO note (t) VALUES (?)').run('mid-run');
        db.pragma('user_version = 7');
        db.transaction(() => db.prepare('DELETE FROM note').run())();
      }
    }
    assert.equal(seen.length, 1_000);
    // For contrast, the trap this design avoids: an open iterate() makes the connection busy.
    const iterator = db.prepare('SELECT id FROM item').iterate();
    iterator.next();
    assert.throws(() => db.exec('DELETE FROM note'), /busy/);
    iterator.return?.();
  });

  test('break, throw and take leave nothing open (the connection can close right after)', async () => {
    const other = await openDatabase(join(dir.path, 'shop.db'));
    for await (const r of fromQuery(other, 'SELECT id FROM item', { key: 'id', pageSize: 10 })) {
      assert.ok(r.ok);
      break;
    }
    const boom = new Error('consumer');
    await assert.rejects(async () => {
      for await (const r of fromQuery(other, 'SELECT id FROM item', { key: 'id', pageSize: 10 })) if (r.ok) throw boom;
    }, (e) => e === boom);
    assert.equal((await pipe(fromQuery(other, 'SELECT id FROM item', { key: 'id', pageSize: 3 }), Async.take(5), Async.toArray())).length, 5);
    other.close(); // would throw "busy" if a statement were still iterating
  });

  test('with a funcpipe Pool each run leases a connection and hands it back on every exit', async () => {
    const pool = createPool({ create: () => new Database(join(dir.path, 'shop.db'), { fileMustExist: true }), destroy: (d) => void d.close(), max: 2 });
    const gen = fromQuery<{ id: number }>(pool, 'SELECT id FROM item', { key: 'id', pageSize: 100 });
    assert.equal((await values(gen)).length, 1_000);
    for await (const r of gen) if (r.ok) break;
    await assert.rejects(pipe(gen, Async.map(() => { throw new Error('stage'); }), Async.toArray()), /stage/);
    assert.equal(pool.stats().inUse, 0);
    await pool.close();
  });

  test('memory: at most one page is read ahead of the consumer', async () => {
    let produced = 0;
    db.function('tick', () => ++produced);
    let consumed = 0;
    let maxAhead = 0;
    for await (const r of fromQuery(db, 'SELECT id, tick() AS t FROM item', { key: 'id', pageSize: 40 })) {
      assert.ok(r.ok);
      consumed++;
      maxAhead = Math.max(maxAhead, produced - consumed);
    }
    assert.equal(consumed, 1_000);
    assert.ok(maxAhead < 40, `read ${maxAhead} rows ahead`);
  });

  test('a key that cannot page safely is refused when the run starts, naming it', async () => {
    const refuse = (key: string | string[], pattern: RegExp) =>
      assert.rejects(values(fromQuery(db, 'SELECT id, name, grp, id * 2 AS twice FROM item', { key })), (error: unknown) => {
        assert.ok(error instanceof SqliteError);
        assert.equal(error.code, 'BAD_KEY');
        assert.match(error.message, pattern);
        return true;
      });
    await refuse('nope', /is not a column of the result/);
    await refuse('twice', /expression/);
    await refuse('grp', /neither the rowid, the primary key nor a unique index/);
    await refuse(['grp', 'id'], /neither/);
  });

  test('bad SQL rejects with the file, the SQLite code and the statement', async () => {
    await assert.rejects(values(fromQuery(db, 'SELECT * FROM no_such_table', { key: 'id' })), (error: unknown) => {
      assert.ok(error instanceof SqliteError);
      assert.equal(error.kind, 'query');
      assert.equal(error.code, 'SQLITE_ERROR');
      assert.match(error.message, /shop\.db/);
      assert.match(error.message, /no such table: no_such_table/);
      return true;
    });
  });

  test('a locked file fails with SQLITE_BUSY after the busy timeout, and the lock holder is unaffected', async () => {
    const holder = await openDatabase(join(dir.path, 'shop.db'));
    holder.exec('BEGIN EXCLUSIVE');
    const reader = await openDatabase(join(dir.path, 'shop.db'), { busyTimeoutMs: 50 });
    const start = Date.now();
    await assert.rejects(values(fromQuery(reader, 'SELECT id FROM item', { key: 'id' })), (error: unknown) => {
      assert.ok(error instanceof SqliteError);
      assert.equal(error.code, 'SQLITE_BUSY');
      assert.match(error.message, /database is locked/);
      assert.match(error.message, /shop\.db/);
      return true;
    });
    assert.ok(Date.now() - start < 2_000);
    holder.exec('ROLLBACK');
    assert.equal((await values(fromQuery(reader, 'SELECT id FROM item', { key: 'id' }))).length, 1_000);
    reader.close();
    holder.close();
  });

  test('openDatabase: a missing directory, a missing file, a directory, a non-database file', async () => {
    const fails = (path: string, options: Parameters<typeof openDatabase>[1], code: string) =>
      assert.rejects(openDatabase(path, options), (error: unknown) => {
        assert.ok(error instanceof SqliteError, String(error));
        assert.equal(error.kind, 'open');
        assert.equal(error.code, code);
        assert.ok(error.message.includes(path), error.message);
        return true;
      });
    await fails(join(dir.path, 'no/such/dir/x.db'), { create: true }, 'NO_SUCH_DIRECTORY');
    await fails(join(dir.path, 'missing.db'), {}, 'NO_SUCH_FILE');
    await fails(dir.path, {}, 'IS_A_DIRECTORY');
    writeFileSync(join(dir.path, 'text.db'), 'this is not a database, just some text that is long enough to be read as a header page');
    const notDb = await openDatabase(join(dir.path, 'text.db'));
    await assert.rejects(values(fromQuery(notDb, 'SELECT 1 AS id', { key: 'id' })), (error: unknown) => {
      assert.ok(error instanceof SqliteError);
      assert.equal(error.code, 'SQLITE_NOTADB');
      return true;
    });
    notDb.close();
  });

  test('arguments are validated, naming the field', () => {
    assert.throws(() => fromQuery({} as never, 'SELECT 1', { key: 'id' }), /expected `source` to be a better-sqlite3 Database/);
    assert.throws(() => fromQuery(db, ' ', { key: 'id' }), /expected `sql` to be a non-empty SQL string/);
    assert.throws(() => fromQuery(db, 'SELECT 1', { key: [] }), /options.key/);
    assert.throws(() => fromQuery(db, 'SELECT 1', undefined as never), /options/);
    assert.throws(() => fromQuery(db, 'SELECT 1', { key: 'id', pageSize: 0 }), RangeError);
    assert.throws(() => fromQuery(db, 'SELECT 1', { key: 'id', params: 3 as never }), /options.params/);
  });
});
