/**
 * The structured error carried by `Err` items in FuncPipe streams.
 *
 * `code` is a stable machine-readable tag (`"LIFTED_THROW"`, `"HTTP_503"`, ...), `msg` a
 * human-readable sentence. `cause` keeps the original thrown value; `index` and `path` say where
 * in the stream or the input the failure happened; `context` holds anything else worth logging.
 * `retryAfterMs` is a delay the failing service asked for (an HTTP `Retry-After`, in ms), which a
 * retry policy honours, capped by its own limit; `attempts` is how many calls an item took before
 * it gave up, set by the retry policy on the final `Err`.
 */
export interface ErrInfo {
  readonly code: string;
  readonly msg: string;
  readonly cause?: unknown;
  readonly index?: number;
  readonly path?: string;
  readonly context?: Readonly<Record<string, unknown>>;
  readonly retryAfterMs?: number;
  readonly attempts?: number;
}

/** Optional fields of an {@link ErrInfo}. */
export type ErrInfoDetails = Omit<ErrInfo, 'code' | 'msg'>;

/**
 * Builds an {@link ErrInfo}.
 *
 * @example
 * ```ts
 * errInfo('PARSE', 'line 3 is not JSON', { path: 'docs/a.jsonl', index: 3 });
 * ```
 */
export function errInfo(code: string, msg: string, details: ErrInfoDetails = {}): ErrInfo {
  return { code, msg, ...details };
}

/**
 * Turns any thrown value into an {@link ErrInfo} with the given code, keeping the thrown value
 * as `cause` and its message as `msg`.
 */
export function toErrInfo(thrown: unknown, code = 'THROWN', details: ErrInfoDetails = {}): ErrInfo {
  const msg = thrown instanceof Error ? thrown.message : String(thrown);
  return { code, msg, cause: thrown, ...details };
}
