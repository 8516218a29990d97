import { errInfo, type ErrInfo } from 'funcpipe';
import { parseRetryAfter } from './retry-after.js';

/** What a request was, as the `ErrInfo` of its failure names it. */
export interface RequestTarget {
  readonly method: string;
  /** The absolute URL (the pool's origin and the request's path). */
  readonly url: string;
}

/** Statuses worth retrying: rate limited, and the gateway / unavailable family. */
const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 502, 503, 504]);

/**
 * The `ErrInfo` of a response whose status is not a success: code `HTTP_<status>`
 * (`HTTP_404`, `HTTP_429`, `HTTP_503`), `retryAfterMs` from a `Retry-After` header (seconds or
 * HTTP-date), and `context: { status, method, url, retryable }`, where `retryable` is true for
 * 429, 502, 503 and 504 and false for every other status.
 */
export function httpStatusErrInfo(status: number, headers: Readonly<Record<string, string | string[] | undefined>>, target: RequestTarget, nowMs: number = Date.now()): ErrInfo {
  const retryable = RETRYABLE_STATUSES.has(status);
  const retryAfterMs = parseRetryAfter(headers['retry-after'], nowMs);
  return errInfo(`HTTP_${status}`, `${target.method} ${target.url} answered HTTP ${status}`, {
    context: { status, method: target.method, url: target.url, retryable },
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  });
}

const TIMEOUT_CODES: ReadonlySet<string> = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT']);
/** undici codes that mean the request itself was wrong: a programming error, thrown, never an item. */
const CALLER_ERROR_CODES: ReadonlySet<string> = new Set(['UND_ERR_INVALID_ARG', 'UND_ERR_INVALID_RETURN_VALUE', 'UND_ERR_NOT_SUPPORTED', 'UND_ERR_REQ_CONTENT_LENGTH_MISMATCH']);

/** True when `error` is a mistake in the request (bad arguments) rather than a failure of the exchange. */
export function isCallerError(error: unknown): boolean {
  return CALLER_ERROR_CODES.has(codeOf(error));
}

/** True when `error` came from the transport (undici or the socket), not from user code. */
export function isTransportError(error: unknown): boolean {
  const code = codeOf(error);
  return code.startsWith('UND_ERR') || /^E[A-Z]+$/.test(code);
}

/**
 * The `ErrInfo` of a request that got no usable response: `HTTP_TIMEOUT` (connect, headers or
 * body timeout) or `HTTP_NETWORK` (refused, reset, closed by the other side, DNS failure, ...),
 * both retryable, with the thrown error as `cause` and `context: { method, url, retryable,
 * errno }` (`errno` the undici or system error code).
 */
export function httpTransportErrInfo(error: unknown, target: RequestTarget): ErrInfo {
  const errno = codeOf(error);
  const timeout = TIMEOUT_CODES.has(errno);
  const detail = error instanceof Error ? error.message : String(error);
  return errInfo(timeout ? 'HTTP_TIMEOUT' : 'HTTP_NETWORK', `${target.method} ${target.url} failed: ${timeout ? 'timed out' : 'network error'} (${errno}: ${detail})`, {
    cause: error,
    context: { method: target.method, url: target.url, retryable: true, errno },
  });
}

function codeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : '';
}
