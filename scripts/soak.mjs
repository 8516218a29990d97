// Soak (issue 12): runs pipelines with random early stops for N minutes (default 2; `--minutes N`
// or SOAK_MINUTES) over a real PostgreSQL (paged result sets of @funcpipe/io), real files (file
// bytes, readLines, walk), local sockets and a pool of file handles, sampling RSS, heap, open file
// descriptors (/proc/self/fd), pool counts (the funcpipe pool and the pg.Pool), the server
// sessions of the soak's application_name (pg_stat_activity) and the socket server's open
// connections once a second, after a forced GC (run with --expose-gc, as `npm run soak` does). It
// fails when any of them trends up: the least-squares slope over the samples after a warm-up,
// projected over the run, must stay under a tolerance (never a last-minus-first).
// PostgreSQL: FUNCPIPE_TEST_PG_URL, or else the throwaway server of scripts/services.mjs, started
// for the soak and stopped after it. `--out FILE` writes the figures; `--record` writes the
// summary into the soak section of bench/RESULTS.md (which the bench writer keeps).
// The packages must be built (npm run soak builds funcpipe and @funcpipe/io).
import { createReadStream } from 'node:fs';
import { mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { readdirSync, writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { Async, createPool, pipe } from '../packages/funcpipe/dist/index.js';
import { readLines, walk } from '../packages/io/dist/files.js';
import { fromQuery } from '../packages/io/dist/postgres.js';
import { PG_URL_VARIABLE, startServices } from './services.mjs';
import { recordSoak } from '../bench/lib/soak-section.mjs';

const args = process.argv.slice(2);
const flag = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const minutes = Number(flag('--minutes') ?? process.env.SOAK_MINUTES ?? 2);
if (!(minutes > 0)) throw new RangeError(`soak: expected --minutes to be a positive number, got ${flag('--minutes') ?? process.env.SOAK_MINUTES}`);
const out = flag('--out');
const record = args.includes('--record');
if (typeof globalThis.gc !== 'function') throw new Error('soak: run node with --expose-gc (npm run soak does)');

// --- the real parts: a file of lines, a line server on 127.0.0.1, a pool of file handles
const dir = await mkdtemp(join(tmpdir(), 'funcpipe-soak-'));
const file = join(dir, 'lines.txt');
await writeFile(file, Array.from({ length: 5_000 }, (_, i) => `line ${i} ${'x'.repeat(i % 50)}`).join('\n'));
const serverSockets = new Set();
const server = createServer((socket) => {
  serverSockets.add(socket);
  socket.on('close', () => serverSockets.delete(socket));
  socket.on('error', () => {});
  let i = 0;
  const write = () => {
    while (!socket.destroyed && socket.write(`tick ${i++}\n`)) if (i % 64 === 0) return void setImmediate(write);
    if (!socket.destroyed) socket.once('drain', write);
  };
  write();
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const port = server.address().port;
const pool = createPool({ name: 'file-handles', create: () => open(file, 'r'), destroy: (h) => h.close(), max: 4 });
for (let i = 0; i < 20; i++) await writeFile(join(dir, `walk-${i % 4}-${i}.txt`), `${i}\n`);

// --- PostgreSQL: the given server, or a throwaway one for the soak
const services = process.env[PG_URL_VARIABLE] ? undefined : await startServices();
const pgUrl = process.env[PG_URL_VARIABLE] ?? services.env[PG_URL_VARIABLE];
const APP = 'funcpipe-soak';
const pgPool = new pg.Pool({ connectionString: pgUrl, application_name: APP, max: 3 });
const admin = new pg.Client({ connectionString: pgUrl, application_name: `${APP}-admin` });
await admin.connect();

let random = 0x2545f491;
const rand = (n) => {
  random ^= random << 13;
  random ^= random >>> 17;
  random ^= random << 5;
  return (random >>> 0) % n;
};

function socketLines() {
  return Async.bracket(
    (signal) =>
      new Promise((resolve, reject) => {
        const socket = connect({ port, host: '127.0.0.1', signal });
        socket.once('connect', () => resolve(socket));
        socket.once('error', reject);
      }),
    (socket) => Async.fromReadable(socket),
    (socket) => void socket.destroy(),
  );
}

function fileBytes() {
  return Async.fromReadableFactory((signal) => createReadStream(file, { signal, highWaterMark: 1024 }));
}

function pooledReads() {
  return Async.bracket(
    (signal) => pool.acquire({ signal }),
    (lease) =>
      Async.fromProducer(async function* () {
        const buffer = Buffer.alloc(512);
        for (let position = 0; ; position += 512) {
          const { bytesRead } = await lease.value.read(buffer, 0, 512, position);
          if (bytesRead === 0) return;
          yield bytesRead;
        }
      }),
  );
}

function pgRows() {
  return fromQuery(pgPool, 'SELECT n, repeat($2, n % 40) AS pad FROM generate_series(1, $1::int) AS n', { values: [1 + rand(3_000), 'x'], pageSize: 1 + rand(300) });
}

const shapes = [
  () => pgRows(),
  () => pipe(pgRows(), Async.mapAsync(async (row) => row.n, { concurrency: 3 })),
  () => Async.gather([pgRows(), pgRows(), readLines(file)], { concurrency: 3 }),
  () => pipe(readLines(file), Async.andThen(() => pipe(pgRows(), Async.take(1 + rand(20))))),
  () => pipe(walk(dir), Async.andThen((entry) => readLines(entry.path))),
  () => pipe(pgRows(), Async.zip(readLines(file))),
  () => pipe(fileBytes(), Async.map((b) => b.length)),
  () => pipe(socketLines(), Async.map((b) => b.length)),
  () => pooledReads(),
  () => Async.gather([fileBytes(), socketLines(), pooledReads()], { concurrency: 3 }),
  () => pipe(fileBytes(), Async.mapAsync(async (b) => b.length, { concurrency: 4 })),
  () => pipe(socketLines(), Async.andThen(() => pooledReads())),
  () => pipe(pooledReads(), Async.zip(fileBytes())),
];

let runs = 0;
let items = 0;
const stops = { break: 0, throw: 0, abort: 0, end: 0 };
async function onePipeline() {
  const gen = shapes[rand(shapes.length)]();
  const stopAt = rand(40);
  const how = rand(4);
  const controller = new AbortController();
  const timer = how === 2 ? setTimeout(() => controller.abort(new Error('soak abort')), rand(5)) : undefined;
  try {
    let n = 0;
    for await (const r of gen.iterate({ signal: controller.signal })) {
      if (r.ok) items++;
      if (++n < stopAt) continue;
      if (how === 1) throw new Error('soak consumer throw');
      if (how !== 3) break;
      if (n > 400) break; // a bound for the endless socket
    }
    stops[how === 3 ? 'end' : 'break']++;
  } catch (error) {
    if (error.message === 'soak consumer throw') stops.throw++;
    else if (error.message === 'soak abort') stops.abort++;
    else throw error;
  } finally {
    clearTimeout(timer);
  }
  runs++;
}

function fds() {
  return readdirSync('/proc/self/fd').length;
}
function sample(t) {
  globalThis.gc();
  const { rss, heapUsed } = process.memoryUsage();
  const stats = pool.stats();
  const pgLeased = pgPool.totalCount - pgPool.idleCount;
  return { t, rss: rss / 2 ** 20, heap: heapUsed / 2 ** 20, fds: fds(), poolSize: stats.size, poolInUse: stats.inUse, connections: serverSockets.size, pgPoolSize: pgPool.totalCount, pgLeased, pgWaiting: pgPool.waitingCount };
}

/** Server sessions of the soak's pool, and how many of them are not idle (a cursor or statement left running). */
async function pgSessions() {
  const { rows } = await admin.query("SELECT count(*)::int AS n, count(*) FILTER (WHERE state <> 'idle')::int AS busy FROM pg_stat_activity WHERE application_name = $1", [APP]);
  return { pgSessions: rows[0].n, pgBusy: rows[0].busy };
}

/** Least-squares slope of y over t (per second). */
function slope(points, key) {
  const n = points.length;
  const mt = points.reduce((s, p) => s + p.t, 0) / n;
  const my = points.reduce((s, p) => s + p[key], 0) / n;
  let num = 0;
  let den = 0;
  for (const p of points) {
    num += (p.t - mt) * (p[key] - my);
    den += (p.t - mt) ** 2;
  }
  return { slope: den === 0 ? 0 : num / den, mean: my };
}

// Tolerated growth over the measured part of the run: absolute, or relative to the mean.
const TOLERANCE = {
  rss: [8, 0.1], heap: [2, 0.1], fds: [2, 0], poolSize: [1, 0], poolInUse: [1, 0], connections: [1, 0],
  pgPoolSize: [1, 0], pgLeased: [1, 0], pgWaiting: [1, 0], pgSessions: [1, 0], pgBusy: [1, 0],
};

const start = Date.now();
const durationMs = minutes * 60_000;
const samples = [];
let nextSample = start;
while (Date.now() - start < durationMs) {
  await onePipeline();
  if (Date.now() >= nextSample) {
    await sleep(5); // let the sockets' close events land before counting
    const at = (Date.now() - start) / 1_000;
    samples.push({ ...sample(at), ...(await pgSessions()) });
    nextSample += 1_000;
  }
}
await pool.close();
await pgPool.end();
await admin.end();
services?.stop();
for (const socket of serverSockets) socket.destroy();
await new Promise((resolve) => server.close(resolve));
await rm(dir, { recursive: true, force: true });

const measured = samples.slice(Math.floor(samples.length * 0.2));
const spanS = measured.length > 1 ? measured[measured.length - 1].t - measured[0].t : 0;
const trends = {};
let failed = measured.length < 5;
for (const [key, [abs, rel]] of Object.entries(TOLERANCE)) {
  const { slope: perS, mean } = slope(measured, key);
  const growth = perS * spanS;
  const limit = Math.max(abs, rel * mean);
  const ok = growth <= limit;
  failed ||= !ok;
  trends[key] = { first: measured[0]?.[key], last: measured.at(-1)?.[key], mean: +mean.toFixed(3), slopePerMinute: +(perS * 60).toFixed(4), projectedGrowth: +growth.toFixed(3), limit, ok };
}
const summary = { minutes, runs, items, stops, samples: samples.length, measuredSamples: measured.length, trends, failed };
console.log(JSON.stringify(summary, null, 2));
if (out !== undefined) writeFileSync(out, `${JSON.stringify({ ...summary, samples }, null, 2)}\n`);
if (record) console.log(`recorded in ${recordSoak(summary)}`);
if (failed) {
  console.error(measured.length < 5 ? 'soak: too few samples (run longer)' : 'soak: something trends up (see trends)');
  process.exit(1);
}
