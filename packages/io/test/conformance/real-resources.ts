// How the conformance tests of the adapters show the kit the real resources it cannot hand out:
// each checkout of a pg.Pool and each undici request is reported through `resources.register`,
// from events of the drivers themselves (so the report does not rely on the adapter under test).
import { subscribe } from 'node:diagnostics_channel';
import { test } from 'node:test';
import type pg from 'pg';
import { Async, pipe, type AsyncGen } from 'funcpipe';
import { checkConformance, type ConformanceOptions, type KitResources, type SubjectBuilder } from 'funcpipe/testing';
import type { HttpPool } from '../../src/http.js';
import type { TestServer } from '../support/http-server.js';
import { poolIsIdle } from '../support/postgres.js';
import { openFilesUnder } from '../support/temp-dir.js';

/** The kit resources of the case under way (cases run one at a time). */
export interface CurrentCase {
  resources: KitResources | undefined;
}

/**
 * Reports every connection checked out of `pool` to the current case, released on the pool's
 * `'release'` event (returned or destroyed). Listens for the pool's whole life. Each connection
 * is a scope of its own (`pg/<n>/`): nested in the resources of the root scope (a kit bracket
 * around the query, the kit source of an andThen), independent of sibling branches and of the
 * requests of a parallel stage downstream (whose source may end while they are in flight).
 */
export function registerClients(pool: pg.Pool, current: CurrentCase): void {
  const held = new Map<pg.PoolClient, () => void>();
  let n = 0;
  pool.on('acquire', (client) => {
    const resources = current.resources;
    if (resources !== undefined) held.set(client, resources.register('pg client', { scope: `pg/${n++}/` }));
  });
  pool.on('release', (_error, client) => {
    held.get(client)?.();
    held.delete(client);
  });
}

/**
 * Reports every undici request to the current case, from undici's diagnostics channels: taken
 * when the request is created, given back when it completes or fails (an abort included).
 * Concurrent requests are sibling scopes (`req/<n>/`): they may end in any order, and after the
 * source upstream of their stage.
 */
export function registerRequests(current: CurrentCase): void {
  const held = new Map<object, () => void>();
  let n = 0;
  subscribe('undici:request:create', (message) => {
    const resources = current.resources;
    if (resources !== undefined) held.set((message as { request: object }).request, resources.register('http request', { scope: `req/${n++}/` }));
  });
  const end = (message: unknown): void => {
    const { request } = message as { request: object };
    held.get(request)?.();
    held.delete(request);
  };
  subscribe('undici:request:trailers', end);
  subscribe('undici:request:error', end);
}

/** Polls `condition` every few ms for up to `ms`; true once it holds. */
export async function settledWithin(condition: () => boolean, ms: number): Promise<boolean> {
  for (const until = Date.now() + ms; !condition(); ) {
    if (Date.now() > until) return false;
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  return true;
}

/** The check the kit cannot make of a pg.Pool: every connection back in it (within a second). */
export async function pgPoolIdle(pool: pg.Pool): Promise<readonly string[]> {
  if (await settledWithin(() => poolIsIdle(pool), 1_000)) return [];
  return [`the pg.Pool is not idle: ${pool.totalCount} connections, ${pool.idleCount} idle, ${pool.waitingCount} waiting`];
}

/**
 * The checks the kit cannot make of an HTTP pool: no request running, pending or queued, and no
 * more sockets open on the server than the pool's bound (the server sees a close a moment after
 * the client does, so both are given a second).
 */
export async function httpSettled(pool: HttpPool, server: TestServer, bound: number): Promise<readonly string[]> {
  const idle = (): boolean => {
    const { running, pending, queued } = pool.stats();
    return running + pending + queued === 0;
  };
  const out: string[] = [];
  if (!(await settledWithin(idle, 1_000))) out.push(`the pool still counts requests: ${JSON.stringify(pool.stats())}`);
  if (!(await settledWithin(() => server.sockets.open <= bound, 1_000))) out.push(`the server has ${server.sockets.open} sockets open (the pool's bound is ${bound})`);
  return out;
}

/** The check the kit cannot make of file handles: no descriptor left open on anything under `dir` (a readdir still finishing is given a second). */
export async function descriptorsClosed(dir: string): Promise<readonly string[]> {
  if (await settledWithin(() => openFilesUnder(dir) === 0, 1_000)) return [];
  return [`${openFilesUnder(dir)} file descriptor(s) on files under ${dir} left open after the case`];
}

/** Builds an adapter's stream for one case from the case's parameter. */
export type AdapterOf<P> = (parameter: P) => AsyncGen<unknown, unknown>;

/**
 * The shapes every adapter is checked in: alone (the kit drives its exits), as the inner stream
 * of `andThen` over the kit's source (a run of the adapter per kit item, kit faults around it),
 * and inside a kit `bracket` (the kit's release, which may throw or overrun the deadline, comes
 * after the adapter's own cleanup).
 */
export function shapesOf<P>(adapter: AdapterOf<P>): Record<string, SubjectBuilder<P>> {
  return {
    alone: (_r, p) => adapter(p),
    'andThen over the kit source': (r, p) => pipe(r.source(), Async.andThen(() => adapter(p))),
    'inside a kit bracket': (r, p) => Async.bracket((signal) => r.open({ signal }), () => adapter(p), (held) => held.close()),
  };
}

/**
 * One `node:test` test per subject: `checkConformance` with `options` (and a close deadline
 * that real cleanups fit in), the current case's
 * resources handed to `current` (for the drivers' events), the figures as a diagnostic.
 */
export function conformanceTests<P>(prefix: string, subjects: Record<string, SubjectBuilder<P>>, options: ConformanceOptions<P>, current?: CurrentCase): void {
  for (const [name, build] of Object.entries(subjects)) {
    test(`conformance: ${prefix} ${name}`, async (t) => {
      const subject = (resources: KitResources, parameter: P): AsyncGen<unknown, unknown> => {
        if (current !== undefined) current.resources = resources;
        return build(resources, parameter);
      };
      const stats = await checkConformance(`${prefix} ${name}`, subject, { numRuns: CONFORMANCE_RUNS, ...REAL_DEADLINES, ...options });
      t.diagnostic(JSON.stringify(stats));
    });
  }
}

/**
 * The close deadline of cases with a slow kit release: a real cleanup (a file's close, a cursor's
 * Close round trip) must fit in it on a loaded machine, or the run rightly reports CleanupTimedOut
 * where the kit's oracle expects none (the kit's default, 5 ms, suits in-memory subjects; 25 ms
 * was overrun by a zip stopping a PostgreSQL cursor while the machine was busy).
 */
const REAL_CLOSE_TIMEOUT_MS = 100;

/** A slow kit release in those cases: past the deadline, and short enough to keep the cases quick. */
const REAL_SLOW_RELEASE_MS = 250;

/** The close deadline and slow release of cases over real resources. */
export const REAL_DEADLINES = { closeTimeoutMs: REAL_CLOSE_TIMEOUT_MS, slowReleaseMs: REAL_SLOW_RELEASE_MS } as const;

/** Cases per subject (FUNCPIPE_CONFORMANCE_RUNS, default 30). */
export const CONFORMANCE_RUNS = Number(process.env['FUNCPIPE_CONFORMANCE_RUNS'] ?? 30);
