// Chaos over the adapters: random pipeline trees (up to depth 3) mixing the real sources (a
// PostgreSQL result set, a SQLite result set, readLines, walk, responseLines), the HTTP stage
// (mapRequests over a 127.0.0.1 server) and core pieces (map, throwing at item k in some cases, take, mapAsync,
// bracket, andThen, buffer, rateLimit, gather, merge, concat, zip) over the kit's resources, with
// the kit's random faults (breaks, throws, failing and slow releases, aborts, late timers). Each case is judged by the conformance kit (kit resources, and every
// pg connection and undici request, reported through `resources.register`: released once, LIFO,
// before the exit; no unhandled rejection; the first fault with later cleanup failures attached)
// and, after it settles, by the real parts: the pg.Pool idle (every cursor closed, every client
// released), no descriptor left open on the test's files (/proc/self/fd), the HTTP pool with no
// request left and the server with no more sockets than the pool's bound. Seeded: the seed is in
// the test's name and in any failure (IO_CHAOS_SEED replays it; IO_CHAOS_RUNS sets the cases).
import { after, before, test } from 'node:test';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import type Database from 'better-sqlite3';
import type pg from 'pg';
import { Async, pipe, rateLimit, type AsyncGen } from 'funcpipe';
import { checkConformance, type KitResources } from 'funcpipe/testing';
import { readLines, walk } from '../../src/files.js';
import { createHttpPool, mapRequests, responseLines, type HttpPool } from '../../src/http.js';
import { fromQuery as pgQuery } from '../../src/postgres.js';
import { fromQuery as sqliteQuery, openDatabase } from '../../src/sqlite.js';
import { itemsAndLines, startServer, type TestServer } from '../support/http-server.js';
import { endWithin, testPool } from '../support/postgres.js';
import { tempDir } from '../support/temp-dir.js';
import { REAL_DEADLINES, descriptorsClosed, httpSettled, pgPoolIdle, registerClients, registerRequests, type CurrentCase } from '../conformance/real-resources.js';

const CONNECTIONS = 3;
const dir = tempDir('io-chaos');
const dbDir = tempDir('io-chaos-db'); // apart: the connection keeps its file open between cases
const file = join(dir.path, 'lines.txt');
let pgPool: pg.Pool;
let db: Database.Database;
let server: TestServer;
let http: HttpPool;
const current: CurrentCase = { resources: undefined };

before(async () => {
  writeFileSync(file, Array.from({ length: 8 }, (_, i) => `line ${i}`).join('\n'));
  mkdirSync(join(dir.path, 'tree', 'a'), { recursive: true });
  for (const name of ['a/1.txt', 'a/2.txt', '3.txt']) writeFileSync(join(dir.path, 'tree', name), name);
  db = await openDatabase(join(dbDir.path, 'rows.db'), { create: true });
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY)');
  for (let i = 1; i <= 8; i++) db.prepare('INSERT INTO t (id) VALUES (?)').run(i);
  pgPool = testPool('funcpipe-test-io-chaos', { max: 3 });
  registerClients(pgPool, current);
  server = await startServer(itemsAndLines);
  http = await createHttpPool(server.origin, { connections: CONNECTIONS });
  registerRequests(current);
});
after(async () => {
  await http.close();
  await server[Symbol.asyncDispose]();
  await endWithin(pgPool);
  db.close();
  dbDir.remove();
  dir.remove();
});

interface Tree {
  readonly piece: string;
  readonly param: number;
  readonly children: readonly Tree[];
}

interface Build {
  readonly r: KitResources;
  readonly scope: string;
  readonly param: number;
  readonly node: number;
}

type Gen = AsyncGen<unknown, unknown>;

interface Piece {
  readonly arity: 0 | 1 | 'n';
  /** Reads ahead of the consumer or runs branches at once: judged as 'any-fault'. */
  readonly concurrent?: boolean;
  build(b: Build, inputs: readonly Gen[]): Gen;
}

const only = (inputs: readonly Gen[]): Gen => inputs[0] as Gen;
const pgRows = (n: number): Gen => pgQuery(pgPool, 'SELECT n FROM generate_series(1, $1::int) AS n', { values: [n], pageSize: 1 + (n % 3) });

const PIECES: Readonly<Record<string, Piece>> = {
  'kit source': { arity: 0, build: (b) => b.r.source({ scope: b.scope }) },
  'postgres rows': { arity: 0, build: (b) => pgRows(b.param % 6) },
  'sqlite rows': { arity: 0, build: (b) => sqliteQuery(db, 'SELECT id FROM t WHERE id <= ?', { key: 'id', params: [b.param % 9], pageSize: 1 + (b.param % 4) }) },
  readLines: { arity: 0, build: (b) => readLines(file, { chunkBytes: 1 + b.param }) },
  walk: { arity: 0, build: (b) => walk(join(dir.path, 'tree'), { directories: b.param % 2 === 0 }) },
  responseLines: { arity: 0, build: (b) => responseLines(http, { path: `/lines/${b.param % 5}` }) },
  // A stage fault: with a param of 6 or more the map throws at item param % 4.
  map: {
    arity: 1,
    build: (b, inputs) => {
      let seen = 0;
      return pipe(only(inputs), Async.map((x) => {
        if (b.param >= 6 && seen++ === b.param % 4) throw b.r.injectFault(`map (node ${b.node}), item ${b.param % 4}`);
        return x;
      }));
    },
  },
  take: { arity: 1, build: (b, inputs) => pipe(only(inputs), Async.take(b.param % 4)) },
  mapAsync: { arity: 1, concurrent: true, build: (b, inputs) => pipe(only(inputs), Async.mapAsync(async (x) => x, { concurrency: 1 + (b.param % 3) })) },
  mapRequests: {
    arity: 1,
    concurrent: true,
    build: (b, inputs) => pipe(only(inputs), mapRequests(http, { request: (_x: unknown, i: number) => ({ path: `/item/${i}` }), concurrency: 1 + (b.param % CONNECTIONS), ordered: b.param % 2 === 0 })),
  },
  'bracket around': { arity: 1, build: (b, inputs) => Async.bracket((signal) => b.r.open({ signal, scope: b.scope }), () => only(inputs), (held) => held.close()) },
  'andThen postgres rows': { arity: 1, build: (b, inputs) => pipe(only(inputs), Async.andThen(() => pgRows(1 + (b.param % 3)))) },
  buffer: { arity: 1, concurrent: true, build: (b, inputs) => pipe(only(inputs), Async.buffer(1 + (b.param % 3))) },
  rateLimit: { arity: 1, build: (b, inputs) => pipe(only(inputs), rateLimit({ rate: 1, per: `${1 + (b.param % 2)}ms`, burst: 1 + (b.param % 3) })) },
  gather: { arity: 'n', concurrent: true, build: (b, inputs) => Async.gather(inputs, { concurrency: 1 + (b.param % 3) }) },
  merge: { arity: 'n', concurrent: true, build: (_b, inputs) => Async.merge(inputs) },
  concat: { arity: 'n', build: (_b, inputs) => pipe(only(inputs), Async.concat(...inputs.slice(1))) },
  zip: { arity: 'n', concurrent: true, build: (_b, inputs) => pipe(only(inputs), Async.zip(inputs[1] as Gen)) },
};

const piece = (name: string): Piece => PIECES[name] as Piece;
const named = (arity: Piece['arity']): string[] => Object.keys(PIECES).filter((name) => piece(name).arity === arity);

const trees: fc.Arbitrary<Tree> = fc.letrec<{ node: Tree }>((tie) => ({
  node: fc.oneof(
    { maxDepth: 3, depthIdentifier: 'io-chaos-tree' },
    { arbitrary: fc.record({ piece: fc.constantFrom(...named(0)), param: fc.nat(9), children: fc.constant([]) }), weight: 2 },
    { arbitrary: fc.record({ piece: fc.constantFrom(...named(1)), param: fc.nat(9), children: tie('node').map((t) => [t]) }), weight: 3 },
    { arbitrary: fc.record({ piece: fc.constantFrom(...named('n')), param: fc.nat(9), children: fc.array(tie('node'), { minLength: 2, maxLength: 3 }) }), weight: 1 },
  ),
})).node;

function concurrent(tree: Tree): boolean {
  return piece(tree.piece).concurrent === true || tree.children.some(concurrent);
}

/** The case's pipeline: nodes numbered in pre-order, each child's scope extending its parent's. */
function build(r: KitResources, root: Tree): Gen {
  current.resources = r;
  let next = 0;
  const grow = (tree: Tree, scope: string): Gen => {
    const node = next++;
    const inputs = tree.children.map((child, i) => grow(child, `${scope}${i}/`));
    return piece(tree.piece).build({ r, scope, param: tree.param, node }, inputs);
  };
  return grow(root, '');
}

const numRuns = Number(process.env['IO_CHAOS_RUNS'] ?? 300);
const seed = Number(process.env['IO_CHAOS_SEED'] ?? Math.floor(Math.random() * 2 ** 31));

test(`io chaos: ${numRuns} random pipelines over PostgreSQL, SQLite, files and HTTP with random faults (seed ${seed})`, async (t) => {
  const pieces: Record<string, number> = {};
  const replay = `replay with IO_CHAOS_SEED=${seed} IO_CHAOS_RUNS=${numRuns}`;
  const stats = await checkConformance(`io chaos (${replay})`, build, {
    numRuns,
    seed,
    parameters: trees,
    ...REAL_DEADLINES, // real cleanups (a file's close, a cursor's Close) fit in the close deadline on a loaded machine
    rulesFor: (tree) => ({ firstFault: concurrent(tree) ? 'any-fault' : 'first' }),
    afterCase: async (tree) => {
      const count = (tree: Tree): void => {
        pieces[tree.piece] = (pieces[tree.piece] ?? 0) + 1;
        tree.children.forEach(count);
      };
      count(tree);
      return [...(await pgPoolIdle(pgPool)), ...(await descriptorsClosed(dir.path)), ...(await httpSettled(http, server, CONNECTIONS))];
    },
  });
  t.diagnostic(`io chaos seed ${seed}: ${JSON.stringify({ ...stats, pieces })}`);
});
