/**
 * `Result<T, E>`: a value that is either a success (`Ok`) or a failure (`Err`).
 *
 * Per-item errors in FuncPipe streams are values of this type (DESIGN principle 6). Both
 * variants are small classes with two fields, so allocating one per item is cheap, and they
 * carry Rust-named combinators (`map`, `mapErr`, `andThen`, `orElse`, `match`).
 *
 * @example
 * ```ts
 * const r: Result<number, string> = ok(2);
 * r.map((n) => n * 10).match({ ok: (n) => `got ${n}`, err: (e) => `failed: ${e}` }); // "got 20"
 * ```
 */
export type Result<T, E> = Ok<T, E> | Err<T, E>;

/** The success variant of {@link Result}. Check with `r.ok` or {@link isOk}. */
export class Ok<T, E = never> {
  /** Discriminant: always `true` for `Ok`. */
  readonly ok = true as const;
  /** @param value - the success value */
  constructor(readonly value: T) {}

  /** Transforms the success value; an `Err` passes through unchanged. */
  map<U>(f: (value: T) => U): Result<U, E> {
    return new Ok<U, E>(f(this.value));
  }

  /** Transforms the error; an `Ok` passes through unchanged. */
  mapErr<F>(_f: (error: E) => F): Result<T, F> {
    return this as unknown as Ok<T, F>;
  }

  /** Chains a fallible step on the success value (monadic bind). */
  andThen<U, F>(f: (value: T) => Result<U, F>): Result<U, E | F> {
    return f(this.value);
  }

  /** Recovers from an error with a fallible step; an `Ok` passes through unchanged. */
  orElse<U, F>(_f: (error: E) => Result<U, F>): Result<T | U, F> {
    return this as unknown as Ok<T, F>;
  }

  /** Folds both cases into one value. */
  match<A, B = A>(cases: { ok: (value: T) => A; err: (error: E) => B }): A | B {
    return cases.ok(this.value);
  }

  /** The success value, or `fallback` for an `Err`. */
  unwrapOr<U>(_fallback: U): T | U {
    return this.value;
  }
}

/** The failure variant of {@link Result}. Check with `!r.ok` or {@link isErr}. */
export class Err<T, E> {
  /** Discriminant: always `false` for `Err`. */
  readonly ok = false as const;
  /** @param error - the failure value, typically an {@link ErrInfo} */
  constructor(readonly error: E) {}

  /** Transforms the success value; an `Err` passes through unchanged. */
  map<U>(_f: (value: T) => U): Result<U, E> {
    return this as unknown as Err<U, E>;
  }

  /** Transforms the error; an `Ok` passes through unchanged. */
  mapErr<F>(f: (error: E) => F): Result<T, F> {
    return new Err<T, F>(f(this.error));
  }

  /** Chains a fallible step on the success value (monadic bind). */
  andThen<U, F>(_f: (value: T) => Result<U, F>): Result<U, E | F> {
    return this as unknown as Err<U, E>;
  }

  /** Recovers from an error with a fallible step; an `Ok` passes through unchanged. */
  orElse<U, F>(f: (error: E) => Result<U, F>): Result<T | U, F> {
    return f(this.error);
  }

  /** Folds both cases into one value. */
  match<A, B = A>(cases: { ok: (value: T) => A; err: (error: E) => B }): A | B {
    return cases.err(this.error);
  }

  /** The success value, or `fallback` for an `Err`. */
  unwrapOr<U>(fallback: U): T | U {
    return fallback;
  }
}

/** Wraps a success value. */
export function ok<T, E = never>(value: T): Result<T, E> {
  return new Ok<T, E>(value);
}

/** Wraps a failure value. */
export function err<E, T = never>(error: E): Result<T, E> {
  return new Err<T, E>(error);
}

/** Type guard: the result is an `Ok`. */
export function isOk<T, E>(result: Result<T, E>): result is Ok<T, E> {
  return result.ok;
}

/** Type guard: the result is an `Err`. */
export function isErr<T, E>(result: Result<T, E>): result is Err<T, E> {
  return !result.ok;
}
