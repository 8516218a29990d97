// 1,000,000 rows from PostgreSQL: @funcpipe/io/postgres fromQuery (a paged result set, 1,000 rows a
// page, with its leasing, error listener and bounded close) against the hand-written pg-cursor
// read loop it wraps. Each child starts its own throwaway server (scripts/services.mjs, as the
// tests do), so this runs on a fresh machine; the server's memory is not counted, only the child's.
import { sqlFrame, SQL_ROWS, rowSum, funcpipeRowSum } from '../lib/sql-frame.mjs';

const QUERY = 'SELECT id, name FROM bench_rows WHERE id <= $1 ORDER BY id';

/** Starts a throwaway PostgreSQL with the benchmark table; returns a pool on it (stopped at exit). */
async function poolWithRows() {
  const { startServices, PG_URL_VARIABLE } = await import('../../scripts/services.mjs');
  const { default: pg } = await import('pg');
  const services = await startServices();
  const pool = new pg.Pool({ connectionString: services.env[PG_URL_VARIABLE], max: 2 });
  await pool.query(`CREATE TABLE bench_rows AS SELECT n AS id, 'name ' || n AS name FROM generate_series(1, ${SQL_ROWS}) AS n`);
  await pool.query('ALTER TABLE bench_rows ADD PRIMARY KEY (id)');
  await pool.query('VACUUM ANALYZE bench_rows');
  return pool;
}

/** @type {import('../lib/case.mjs').Case} */
export default {
  name: 'sql-postgres',
  title: '1M rows from PostgreSQL: paged result set vs a pg-cursor loop',
  ...sqlFrame,
  subjects: [
    {
      name: 'hand-written',
      column: 'hand-written',
      label: 'pool.connect(); pg-cursor read(1000) loop; close; release',
      baseline: true,
      load: async () => {
        const pool = await poolWithRows();
        const { default: Cursor } = await import('pg-cursor');
        return async (n) => {
          const client = await pool.connect();
          let sum = 0;
          try {
            const cursor = client.query(new Cursor(QUERY, [n]));
            for (;;) {
              const rows = await cursor.read(1_000);
              if (rows.length === 0) break;
              for (const row of rows) sum = rowSum(sum, row);
            }
            await cursor.close();
          } finally {
            client.release();
          }
          return sum;
        };
      },
    },
    {
      name: 'funcpipe',
      column: 'funcpipe',
      label: 'pipe(fromQuery(pool, sql, { pageSize: 1000 }), Async.fold)',
      load: async () => {
        const pool = await poolWithRows();
        const sum = await funcpipeRowSum();
        const { fromQuery } = await import('@funcpipe/io/postgres');
        return (n) => sum(fromQuery(pool, QUERY, { values: [n], pageSize: 1_000 }));
      },
    },
  ],
};
