import type { Dispatcher, Pool } from 'undici';
import { err, ok, type ErrInfo, type Result } from 'funcpipe';
import { loadDriver } from '../internal/optional-driver.js';
import { checkFunction, checkOptions, checkSignal, describe, integerOption, limitOption } from '../internal/validate.js';
import { httpStatusErrInfo, httpTransportErrInfo, isCallerError, isTransportError, type RequestTarget } from './http-errors.js';

/** Options of {@link createHttpPool}. */
export interface HttpPoolOptions {
  /** The most connections (sockets) the pool opens to the origin; default 10 (undici's own default is unlimited). */
  readonly connections?: number;
  /** How long an idle keep-alive connection is kept, in ms; default 4,000 (a server's `Keep-Alive` hint may lower it). */
  readonly keepAliveTimeoutMs?: number;
  /** How long a connection attempt may take, in ms; default 10,000. */
  readonly connectTimeoutMs?: number;
  /** How long to wait for the response headers of a request, in ms; default 30,000. */
  readonly headersTimeoutMs?: number;
  /** How long the body may go without data, in ms; default 30,000. */
  readonly bodyTimeoutMs?: number;
  /** How long disposal waits for requests in flight before destroying the connections, in ms; default 5,000. */
  readonly closeTimeoutMs?: number;
}

/** One request, relative to the pool's origin. */
export interface HttpRequest {
  /** Default `'GET'`. */
  readonly method?: string;
  /** The path and query, such as `/v1/embeddings?x=1`. */
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string | Uint8Array | null;
}

/** What a {@link HttpPool.send} reader receives: a response with a success status, body unread. */
export interface HttpResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** undici's body: `text()`, `json()`, `arrayBuffer()`, or iterate its chunks. */
  readonly body: Dispatcher.ResponseData['body'];
}

/** A reader of a successful response's body. */
export type ResponseReader<U> = (response: HttpResponse, signal: AbortSignal) => U | PromiseLike<U>;

/** Connection counts of a pool (undici's `PoolStats`). */
export interface HttpPoolStats {
  /** Open sockets. */
  readonly connected: number;
  /** Open sockets with no request on them. */
  readonly free: number;
  /** Requests being processed on a socket. */
  readonly running: number;
  /** Requests waiting for a socket. */
  readonly pending: number;
  /** Requests queued on a socket behind another. */
  readonly queued: number;
}

/**
 * An undici connection pool to one origin, with keep-alive and a finite `connections` bound,
 * that never retries a request by itself (undici retries nothing unless asked; retries belong
 * to the retry policy). `AsyncDisposable`: `await using pool = await createHttpPool(...)`.
 */
export interface HttpPool extends AsyncDisposable {
  /** The origin every request goes to, such as `http://127.0.0.1:8080`. */
  readonly origin: string;
  /** The connection bound. */
  readonly connections: number;
  /** The undici `Pool` itself, for what this interface does not cover (its body rules then are yours). */
  readonly dispatcher: Pool;
  /**
   * Sends one request and reads a success (2xx) with `read`; resolves `Ok(read's value)` or
   * `Err` (`HTTP_<status>`, `HTTP_NETWORK`, `HTTP_TIMEOUT`; `HTTP_READ` when `read` throws).
   * The body is always consumed or discarded before this settles, so its connection is free
   * again. Rejects only with `signal.reason` when `signal` aborts (the request is cancelled), or
   * with a TypeError for a malformed request.
   */
  send<U>(request: HttpRequest, read: ResponseReader<U>, options?: { readonly signal?: AbortSignal }): Promise<Result<U, ErrInfo>>;
  /** The pool's connection counts now. */
  stats(): HttpPoolStats;
  /** Closes the pool: waits for requests in flight up to `closeTimeoutMs`, then destroys what is left. Idempotent. */
  close(): Promise<void>;
}

const WHERE = 'createHttpPool';
/** How much of an unwanted body is read (to keep its connection) before the connection is dropped instead. */
const DUMP_LIMIT_BYTES = 64 * 1024;

/**
 * Opens an {@link HttpPool} to `origin` (connections are made on demand). Needs the optional
 * peer dependency `undici` 7: a `MissingDriverError` says how to install it when it is absent.
 *
 * @example
 * ```ts
 * import { createHttpPool } from '@funcpipe/io/http';
 * await using pool = await createHttpPool('http://127.0.0.1:8080', { connections: 8 });
 * const r = await pool.send({ path: '/health' }, (res) => res.body.text());
 * ```
 */
export async function createHttpPool(origin: string | URL, options?: HttpPoolOptions): Promise<HttpPool> {
  const url = originOf(origin);
  const opts = checkOptions(WHERE, options);
  const settings = {
    connections: integerOption(WHERE, 'options.connections', opts.connections, 1, 10),
    keepAliveTimeout: integerOption(WHERE, 'options.keepAliveTimeoutMs', opts.keepAliveTimeoutMs, 1, 4_000),
    connectTimeout: integerOption(WHERE, 'options.connectTimeoutMs', opts.connectTimeoutMs, 1, 10_000),
    headersTimeout: integerOption(WHERE, 'options.headersTimeoutMs', opts.headersTimeoutMs, 1, 30_000),
    bodyTimeout: integerOption(WHERE, 'options.bodyTimeoutMs', opts.bodyTimeoutMs, 1, 30_000),
    closeTimeoutMs: limitOption(WHERE, 'options.closeTimeoutMs', opts.closeTimeoutMs, 0, 5_000),
  };
  const undici = await loadDriver<typeof import('undici')>('undici', '@funcpipe/io/http', '^7.0.0');
  const dispatcher = new undici.Pool(url, {
    connections: settings.connections,
    pipelining: 1,
    keepAliveTimeout: settings.keepAliveTimeout,
    connectTimeout: settings.connectTimeout,
    headersTimeout: settings.headersTimeout,
    bodyTimeout: settings.bodyTimeout,
  });
  return new UndiciHttpPool(url, settings.connections, settings.closeTimeoutMs, dispatcher);
}

function originOf(origin: unknown): string {
  let url: URL;
  try {
    url = new URL(origin instanceof URL ? origin.href : String(origin));
  } catch {
    throw new TypeError(`${WHERE}: expected \`origin\` to be an http(s) URL such as 'http://127.0.0.1:8080', got ${describe(origin)}`);
  }
  if ((typeof origin !== 'string' && !(origin instanceof URL)) || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new TypeError(`${WHERE}: expected \`origin\` to be an http(s) URL such as 'http://127.0.0.1:8080', got ${describe(origin)}`);
  }
  return url.origin;
}

class UndiciHttpPool implements HttpPool {
  private closing: Promise<void> | undefined;

  constructor(
    readonly origin: string,
    readonly connections: number,
    private readonly closeTimeoutMs: number,
    readonly dispatcher: Pool,
  ) {}

  send<U>(request: HttpRequest, read: ResponseReader<U>, options: { readonly signal?: AbortSignal } = {}): Promise<Result<U, ErrInfo>> {
    checkFunction('HttpPool.send', 'read', read);
    checkSignal('HttpPool.send', options.signal);
    const signal = options.signal ?? new AbortController().signal;
    return sendOver(this, request, (response) => read(response, signal), signal);
  }

  stats(): HttpPoolStats {
    const { connected, free, running, pending, queued } = this.dispatcher.stats;
    return { connected, free, running, pending, queued };
  }

  close(): Promise<void> {
    this.closing ??= closeWithDeadline(this.dispatcher, this.closeTimeoutMs);
    return this.closing;
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}

/** What cancels a request: a caller's `AbortSignal`, or the {@link CallAbort} of a stage's call. */
export type RequestSignal = AbortSignal | CallAbort;

/**
 * The `signal` undici gets for one call of a stage: undici takes any object with `aborted`,
 * `reason` and `addEventListener`/`removeEventListener` (or an `EventEmitter`) in place of an
 * `AbortSignal`, and this one is aborted through the call's `onAbort`, so no `AbortSignal` is
 * built per request (Node 20 takes microseconds for one). It keeps its first listener in a
 * field (undici adds exactly one), so a request allocates no listener list.
 */
export class CallAbort {
  aborted = false;
  reason: unknown = undefined;
  private first: (() => void) | undefined;
  private more: (() => void)[] | undefined;

  /** Adds an `'abort'` listener, called once, when the request is aborted. */
  addEventListener(type: string, listener: () => void): void {
    if (type !== 'abort' || this.aborted) return;
    if (this.first === undefined) this.first = listener;
    else (this.more ??= []).push(listener);
  }

  /** Removes an `'abort'` listener added before. */
  removeEventListener(type: string, listener: () => void): void {
    if (type !== 'abort') return;
    if (this.first === listener) this.first = undefined;
    else if (this.more !== undefined) {
      const at = this.more.indexOf(listener);
      if (at >= 0) this.more.splice(at, 1);
    }
  }

  /** Aborts the request with `reason` (once), as aborting its signal would. */
  readonly abort = (reason: unknown): void => {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    const { first, more } = this;
    this.first = undefined;
    this.more = undefined;
    first?.();
    if (more !== undefined) for (const listener of more) listener();
  };
}

/**
 * {@link HttpPool.send} over `pool`'s dispatcher, cancelled by `signal`: the request, the status
 * check, `read` for a success, and the body always consumed or discarded before it settles.
 */
export async function sendOver<U>(pool: Pick<HttpPool, 'origin' | 'dispatcher'>, request: HttpRequest, read: (response: HttpResponse) => U | PromiseLike<U>, signal: RequestSignal): Promise<Result<U, ErrInfo>> {
  // The request is validated here; its absolute URL is built only for an Err that names it.
  let response: Dispatcher.ResponseData;
  try {
    response = await pool.dispatcher.request(requestOptions(request, methodOf(request), signal));
  } catch (error) {
    return failure(error, targetOf(pool.origin, request), signal);
  }
  const { statusCode: status, headers, body } = response;
  try {
    if (status < 200 || status > 299) return err(httpStatusErrInfo(status, headers, targetOf(pool.origin, request)));
    return ok(await read({ status, headers, body }));
  } catch (error) {
    return failure(error, targetOf(pool.origin, request), signal, 'HTTP_READ');
  } finally {
    await settleBody(body, signal);
  }
}

/** The method and absolute URL of a request (validated: a TypeError names the bad field). */
export function targetOf(origin: string, request: HttpRequest): RequestTarget {
  return { method: methodOf(request), url: origin + request.path };
}

/** The method of a request, checked with its path (a TypeError names the bad field). */
function methodOf(request: HttpRequest): string {
  if (typeof request !== 'object' || request === null) throw new TypeError(`HttpPool: expected a request like { path: '/x' }, got ${describe(request)}`);
  if (typeof request.path !== 'string' || !request.path.startsWith('/')) {
    throw new TypeError(`HttpPool: expected \`request.path\` to be a string starting with '/', got ${describe(request.path)}`);
  }
  const method = request.method ?? 'GET';
  if (method !== 'GET' && (typeof method !== 'string' || !/^[A-Z]+$/.test(method))) throw new TypeError(`HttpPool: expected \`request.method\` to be an upper-case HTTP method, got ${describe(method)}`);
  return method;
}

/**
 * Sends `request` and resolves its response with the body unread (the caller must settle it:
 * {@link settleBody}), or the `Err` of a failed exchange (see {@link failure}).
 */
export async function exchange(dispatcher: Dispatcher, request: HttpRequest, target: RequestTarget, signal: RequestSignal): Promise<Result<Dispatcher.ResponseData, ErrInfo>> {
  try {
    return ok(await dispatcher.request(requestOptions(request, target.method, signal)));
  } catch (error) {
    return failure(error, target, signal);
  }
}

/** undici's options for `request` (never `idempotent: true` for a POST: no transport retry of it). */
function requestOptions(request: HttpRequest, method: string, signal: RequestSignal): Dispatcher.RequestOptions {
  // undici duck-types `signal` (an object with `aborted`, `reason` and `addEventListener`), so a
  // CallAbort passes for the AbortSignal its types name.
  const options: Dispatcher.RequestOptions = { method: method as Dispatcher.HttpMethod, path: request.path, signal: signal as AbortSignal };
  if (request.headers !== undefined) options.headers = request.headers;
  if (request.body !== undefined) options.body = request.body;
  return options;
}

/**
 * The outcome of a failed exchange: the abort of the caller's signal is rethrown as its own
 * reason (never undici's abort error, never an item); a malformed request is thrown; transport
 * failures become `HTTP_NETWORK` / `HTTP_TIMEOUT` items, anything else `fallback`.
 */
export function failure(error: unknown, target: RequestTarget, signal: RequestSignal, fallback?: string): Result<never, ErrInfo> {
  if (signal.aborted) throw signal.reason;
  if (isCallerError(error)) throw error;
  if (fallback === undefined || isTransportError(error)) return err(httpTransportErrInfo(error, target));
  const msg = error instanceof Error ? error.message : String(error);
  return err({ code: fallback, msg: `${target.method} ${target.url}: reading the response failed: ${msg}`, cause: error, context: { method: target.method, url: target.url, retryable: false } });
}

/**
 * Makes sure a body no longer holds its connection: a read remainder up to 64 KiB is discarded
 * (the connection is kept for reuse); a longer one, or any body after an abort, is destroyed
 * (the connection is closed). Never rejects. It resolves once undici has freed the connection,
 * even for a body read to its end, so a request sent after it reuses the connection instead of
 * opening another one: undici frees it in the event loop's check phase after the response ends.
 * A body read by `text()`, `json()` or `arrayBuffer()` closes in that phase, after the connection
 * is free, so this waits for its 'close'; one already closed (`for await` closes it as it ends) or
 * discarded here closes earlier, so this waits for the check phase. (A reader of its own 'data'
 * events that returns on 'end' gets the first rule; its next request may then find the
 * connection still busy and open another, within `connections`.)
 */
export function settleBody(body: Dispatcher.ResponseData['body'], signal: RequestSignal): Promise<void> {
  if (signal.aborted) {
    if (!body.closed) body.destroy();
    return Promise.resolve();
  }
  if (body.closed) return checkPhase();
  // Read to its end by text(), json() or arrayBuffer(): its 'close' comes after the connection is free.
  if (body.readableEnded) return new Promise<void>((resolve) => body.once('close', resolve));
  return body.dump({ limit: DUMP_LIMIT_BYTES }).then(checkPhase, () => void body.destroy());
}

/** Resolves in the event loop's next check phase (after the `setImmediate` callbacks queued so far). */
function checkPhase(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

async function closeWithDeadline(dispatcher: Pool, closeTimeoutMs: number): Promise<void> {
  const closed = dispatcher.close();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'late'>((resolve) => {
    if (closeTimeoutMs !== Infinity) timer = setTimeout(resolve, closeTimeoutMs, 'late');
  });
  try {
    if ((await Promise.race([closed, deadline])) === 'late') {
      await dispatcher.destroy(new Error(`HttpPool: requests still in flight after closeTimeoutMs; connections destroyed`));
      await closed.catch(() => undefined); // the rejection of close() is the echo of our own destroy()
    }
  } finally {
    clearTimeout(timer);
  }
}
