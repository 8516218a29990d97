import { Async, pipe, type AsyncGen, type ErrInfo } from 'funcpipe';
import { booleanOption, checkFunction, checkOptions, describe, integerOption } from '../internal/validate.js';
import { CallAbort, sendOver, type HttpPool, type HttpRequest, type HttpResponse, type RequestSignal } from './http-pool.js';

/** Options of {@link mapRequests}. */
export interface MapRequestsOptions<T, U> {
  /** The request for each value (`index`: its position in the stream). */
  readonly request: (value: T, index: number) => HttpRequest;
  /**
   * Reads a successful response into the item's value (default: the body as text). It also
   * receives the value the request was made for, and the call's context (`index`; `signal`, the
   * call's own, built when first read: the body needs none, as an abort destroys it).
   */
  readonly read?: (response: HttpResponse, value: T, context: Async.MapAsyncContext) => U | PromiseLike<U>;
  /** Requests in flight at most; default the pool's `connections` (more would only queue in the pool). */
  readonly concurrency?: number;
  /** `true` (default): results in input order; `false`: in completion order. */
  readonly ordered?: boolean;
}

/**
 * The stage of seed 000's `embed_via_connection_stream`: for each `Ok` value, one request over
 * the pool's persistent (keep-alive) connections, at most `concurrency` in flight, and one item
 * per value: `Ok(read(response))` for a 2xx, or an `Err` item (`HTTP_<status>` with
 * `retryAfterMs` and `context.retryable`, `HTTP_NETWORK`, `HTTP_TIMEOUT`, `HTTP_READ`) and the
 * stream goes on. Upstream `Err` items pass through without a request.
 *
 * Every exit path returns every connection: a body is read by `read` or discarded before the
 * item is emitted; a stop (break, `take`, a breaker, an abort) aborts the requests in flight
 * through the run's signal (their connections are closed, not left busy) and no new one starts;
 * a failure at position k (a malformed request) cancels the requests after k at once and, when
 * ordered, delivers the items before k first, as `Async.mapAsync` does.
 * A consumer that stops never sees an exception from it; an external abort rejects with its own
 * reason. Nothing is retried here, POST or otherwise: put a retry policy around the stage.
 *
 * @example
 * ```ts
 * const embedded = pipe(
 *   chunks,
 *   mapRequests(pool, {
 *     request: (chunk) => ({ method: 'POST', path: '/v1/embeddings', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ input: chunk.text }) }),
 *     read: (res) => res.body.json() as Promise<Embedding>,
 *   }),
 * );
 * ```
 */
export function mapRequests<T, U = string>(pool: HttpPool, options: MapRequestsOptions<T, U>): <E>(gen: AsyncGen<T, E>) => AsyncGen<U, E | ErrInfo> {
  const where = 'mapRequests';
  if (typeof (pool as Partial<HttpPool> | null)?.send !== 'function' || typeof (pool as Partial<HttpPool>).dispatcher?.request !== 'function') throw new TypeError(`${where}: expected \`pool\` to be an HttpPool (from createHttpPool), got ${describe(pool)}`);
  const opts = checkOptions(where, options);
  checkFunction(where, 'options.request', opts.request);
  if (opts.read !== undefined) checkFunction(where, 'options.read', opts.read);
  const concurrency = integerOption(where, 'options.concurrency', opts.concurrency, 1, pool.connections);
  const ordered = booleanOption(where, 'options.ordered', opts.ordered, true);
  const { request } = opts;
  // Without `read`, U is not inferred from anything and takes its default, string.
  const read = opts.read ?? ((response) => response.body.text() as unknown as PromiseLike<U>);
  return <E>(gen: AsyncGen<T, E>) =>
    pipe(
      gen,
      Async.mapAsync(
        (value: T, context: Async.MapAsyncContext) => {
          const sent = request(value, context.index);
          return sendOver(pool, sent, (response) => read(response, value, context), callSignal(context));
        },
        { concurrency, ordered },
      ),
      Async.flatten(),
    );
}

/**
 * What cancels one call's request: a {@link CallAbort} told through the call's `onAbort` (no
 * `AbortSignal` built per request), or the call's own signal for a context without it.
 */
function callSignal(context: Async.MapAsyncContext): RequestSignal {
  const { onAbort } = context;
  if (onAbort === undefined) return context.signal;
  const abort = new CallAbort();
  onAbort(abort.abort);
  return abort;
}
