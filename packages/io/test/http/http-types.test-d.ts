// Type tests for the io adapters: tsc checks them (`npm test` compiles tests); expectTypeOf calls
// are no-ops at run time.
import { expectTypeOf } from 'expect-type';
import { Async, pipe, type AsyncGen, type ErrInfo, type Result } from 'funcpipe';
import { readLines, toFileAtomic, walk, type AtomicWriteSummary, type WalkEntry } from '../../src/files.js';
import { mapRequests, responseLines, type HttpPool } from '../../src/http.js';

declare const pool: HttpPool;
declare const ids: AsyncGen<number, 'UPSTREAM'>;

expectTypeOf(readLines('a.txt')).toEqualTypeOf<AsyncGen<string, ErrInfo>>();
expectTypeOf(walk('.')).toEqualTypeOf<AsyncGen<WalkEntry, ErrInfo>>();
expectTypeOf(responseLines(pool, { path: '/' })).toEqualTypeOf<AsyncGen<string, ErrInfo>>();
expectTypeOf(pipe(readLines('a.txt'), toFileAtomic('b.txt'))).toEqualTypeOf<Promise<Result<AtomicWriteSummary, ErrInfo>>>();

// The value type follows `read`; without it, the body text. Upstream errors stay in the union.
const parsed = pipe(ids, mapRequests(pool, { request: (id) => ({ path: `/${id}` }), read: async (res, id) => ({ id, json: (await res.body.json()) as unknown }) }));
expectTypeOf(parsed).toEqualTypeOf<AsyncGen<{ id: number; json: unknown }, 'UPSTREAM' | ErrInfo>>();
expectTypeOf(pipe(ids, mapRequests(pool, { request: (id) => ({ path: `/${id}` }) }))).toEqualTypeOf<AsyncGen<string, 'UPSTREAM' | ErrInfo>>();
expectTypeOf(pipe(Async.of('x'), mapRequests(pool, { request: (s) => ({ method: 'POST', path: '/', body: s }) }))).toEqualTypeOf<AsyncGen<string, ErrInfo>>();
