// The SQLite result set passes the public conformance kit (funcpipe/testing), over a connection
// and over a funcpipe Pool of connections, in the three shapes of real-resources.ts. Keyset paging
// holds no statement open between pages, so the kit's resources are the only ones a run holds
// over a connection; a pooled run holds a lease, which the resource tracker inside the kit
// judges (never released, released twice). After each case the connection must take a write
// (an open `stmt.iterate()` would make it throw "busy") and the pool must lend nothing.
import { after, before } from 'node:test';
import { join } from 'node:path';
import fc from 'fast-check';
import type Database from 'better-sqlite3';
import { createPool, type Pool } from 'funcpipe';
import { fromQuery, openDatabase } from '../../src/sqlite.js';
import { tempDir } from '../support/temp-dir.js';
import { conformanceTests, shapesOf } from './real-resources.js';

const dir = tempDir('sqlite-conformance');
let db: Database.Database;
let pool: Pool<Database.Database>;

before(async () => {
  const file = join(dir.path, 'rows.db');
  db = await openDatabase(file, { create: true });
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER NOT NULL)');
  const insert = db.prepare('INSERT INTO t (id, v) VALUES (?, ?)');
  for (let i = 1; i <= 20; i++) insert.run(i, i * i);
  pool = createPool({ name: 'sqlite', create: () => openDatabase(file), destroy: (c) => void c.close(), max: 2 });
});
after(async () => {
  await pool.close();
  db.close();
  dir.remove();
});

interface Query {
  readonly rows: number;
  readonly pageSize: number;
}
const parameters = fc.record({ rows: fc.nat(12), pageSize: fc.integer({ min: 1, max: 5 }) });
const SQL = 'SELECT id, v FROM t WHERE id <= :rows';

/** A write on the connection: throws "busy" if a statement were left iterating. */
function writable(): readonly string[] {
  try {
    db.prepare('UPDATE t SET v = v WHERE id = 1').run();
    return [];
  } catch (error) {
    return [`the connection refuses a write after the case: ${(error as Error).message}`];
  }
}

conformanceTests(
  'sqlite fromQuery over a connection',
  shapesOf((q: Query) => fromQuery(db, SQL, { key: 'id', params: { rows: q.rows }, pageSize: q.pageSize })),
  { parameters, afterCase: writable },
);

conformanceTests(
  'sqlite fromQuery over a pool',
  shapesOf((q: Query) => fromQuery(pool, SQL, { key: 'id', params: { rows: q.rows }, pageSize: q.pageSize })),
  { parameters, afterCase: () => (pool.stats().inUse === 0 ? [] : [`the pool still lends ${pool.stats().inUse} connection(s)`]) },
);
