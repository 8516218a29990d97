// The PostgreSQL result set passes the public conformance kit (funcpipe/testing) over the test
// server: alone, as the inner stream of andThen over the kit's source, and inside a kit bracket.
// The kit cannot hand out the adapter's connection, so the subject reports each checkout and
// release of the pg.Pool through `resources.register` (the pool's own 'acquire' and 'release'
// events): every connection is judged like a kit resource (released once, LIFO, before the
// consumer's exit completes). After each case the pool must be idle again, and after all of
// them pg_stat_activity must show the pool's sessions only, all idle (no cursor left open).
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import type pg from 'pg';
import { fromQuery } from '../../src/postgres.js';
import { endWithin, testPool, waitForActivity } from '../support/postgres.js';
import { conformanceTests, pgPoolIdle, registerClients, shapesOf, type CurrentCase } from './real-resources.js';

const APP = 'funcpipe-test-conformance';
let pool: pg.Pool;
let admin: pg.Pool;
const current: CurrentCase = { resources: undefined };

before(() => {
  pool = testPool(APP, { max: 3 });
  admin = testPool(`${APP}-admin`, { max: 1 });
  registerClients(pool, current);
});
after(async () => {
  await endWithin(pool);
  await admin.end();
});

interface Query {
  readonly rows: number;
  readonly pageSize: number;
}

conformanceTests(
  'postgres fromQuery',
  shapesOf((q: Query) => fromQuery(pool, 'SELECT n FROM generate_series(1, $1::int) AS n', { values: [q.rows], pageSize: q.pageSize })),
  { parameters: fc.record({ rows: fc.nat(12), pageSize: fc.integer({ min: 1, max: 5 }) }), afterCase: () => pgPoolIdle(pool) },
  current,
);

test('after every case: the pool sessions only, all idle (no cursor or statement left on the server)', async () => {
  await waitForActivity(admin, APP, (rows) => rows.length === pool.totalCount && rows.every((row) => row.state === 'idle'));
});
