// 1,000,000 rows from SQLite: @funcpipe/io/sqlite fromQuery (keyset pages of 256, its default, with .all(),
// nothing held open between pages) against better-sqlite3's own stmt.iterate() loop (which holds
// the connection busy for the whole loop). The database is a temp file built in `load`.
import { sqlFrame, SQL_ROWS, rowSum, funcpipeRowSum } from '../lib/sql-frame.mjs';

const QUERY = 'SELECT id, name FROM bench_rows WHERE id <= ?';

/** A temp SQLite file with the benchmark table (deleted at exit); returns the open connection. */
async function databaseWithRows() {
  const { mkdtempSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { default: Database } = await import('better-sqlite3');
  const dir = mkdtempSync(join(tmpdir(), 'funcpipe-bench-sqlite-'));
  const db = new Database(join(dir, 'bench.db'));
  process.once('exit', () => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });
  db.exec('CREATE TABLE bench_rows (id INTEGER PRIMARY KEY, name TEXT NOT NULL)');
  db.exec(`INSERT INTO bench_rows (id, name)
    WITH RECURSIVE n(v) AS (SELECT 1 UNION ALL SELECT v + 1 FROM n WHERE v < ${SQL_ROWS}) SELECT v, 'name ' || v FROM n`);
  return db;
}

/** @type {import('../lib/case.mjs').Case} */
export default {
  name: 'sql-sqlite',
  title: '1M rows from SQLite: keyset-paged result set vs stmt.iterate()',
  ...sqlFrame,
  subjects: [
    {
      name: 'hand-written',
      column: 'hand-written',
      label: 'for (const row of stmt.iterate(n))',
      baseline: true,
      load: async () => {
        const db = await databaseWithRows();
        const stmt = db.prepare(`${QUERY} ORDER BY id`);
        return async (n) => {
          let sum = 0;
          for (const row of stmt.iterate(n)) sum = rowSum(sum, row);
          return sum;
        };
      },
    },
    {
      name: 'funcpipe',
      column: 'funcpipe',
      label: "pipe(fromQuery(db, sql, { key: 'id' }), Async.fold) (pages of 256)",
      load: async () => {
        const db = await databaseWithRows();
        const sum = await funcpipeRowSum();
        const { fromQuery } = await import('@funcpipe/io/sqlite');
        return (n) => sum(fromQuery(db, QUERY, { key: 'id', params: [n] }));
      },
    },
  ],
};
