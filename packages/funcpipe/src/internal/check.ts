// Argument checks shared by every public entry point. Each throws a TypeError (or RangeError)
// that names the function, the argument, what was expected and what arrived (STYLE habit 7).

/** Describes a value for an error message: its type, plus the value itself when it is short. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'string':
      return value.length > 40 ? 'a string' : `the string ${JSON.stringify(value)}`;
    case 'number':
    case 'bigint':
    case 'boolean':
      return `${typeof value} ${String(value)}`;
    case 'function':
      return 'a function';
    case 'undefined':
      return 'undefined';
    case 'symbol':
      return 'a symbol';
    default:
      return `an object (${Object.prototype.toString.call(value).slice(8, -1)})`;
  }
}

/** Throws unless `value` is a function. */
export function checkFunction(where: string, name: string, value: unknown): asserts value is (...args: never[]) => unknown {
  if (typeof value !== 'function') {
    throw new TypeError(`${where}: expected \`${name}\` to be a function, got ${describe(value)}`);
  }
}

/** Throws unless `value` is (sync) iterable. */
export function checkIterable(where: string, name: string, value: unknown): asserts value is Iterable<unknown> {
  if (value == null || typeof (value as { [Symbol.iterator]?: unknown })[Symbol.iterator] !== 'function') {
    throw new TypeError(`${where}: expected \`${name}\` to be an iterable, got ${describe(value)}`);
  }
}

/** Throws unless `value` is an iterator (has a `next` method). */
export function checkIterator(where: string, name: string, value: unknown): asserts value is Iterator<unknown> {
  if (value == null || typeof (value as { next?: unknown }).next !== 'function') {
    throw new TypeError(`${where}: expected \`${name}\` to be an iterator (an object with next()), got ${describe(value)}`);
  }
}

/** Throws unless `value` is async iterable or sync iterable. */
export function checkAnyIterable(where: string, name: string, value: unknown): asserts value is AsyncIterable<unknown> | Iterable<unknown> {
  const v = value as { [Symbol.iterator]?: unknown; [Symbol.asyncIterator]?: unknown } | null | undefined;
  if (v == null || (typeof v[Symbol.asyncIterator] !== 'function' && typeof v[Symbol.iterator] !== 'function')) {
    throw new TypeError(`${where}: expected \`${name}\` to be an async or sync iterable, got ${describe(value)}`);
  }
}

/** Throws unless `value` is an integer >= `min` (a `RangeError` for a number out of range). */
export function checkInteger(where: string, name: string, value: unknown, min = 0): asserts value is number {
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new TypeError(`${where}: expected \`${name}\` to be an integer >= ${min}, got ${describe(value)}`);
  }
  if (value < min) {
    throw new RangeError(`${where}: expected \`${name}\` to be an integer >= ${min}, got ${value}`);
  }
}

/**
 * Throws unless `value` is an integer >= `min` or `Infinity` (no limit): for bounds such as
 * `concurrency`, where every accepted value must work, however large.
 */
export function checkLimit(where: string, name: string, value: unknown, min = 1): asserts value is number {
  const what = `an integer >= ${min} or Infinity`;
  if (typeof value !== 'number' || !(Number.isInteger(value) || value === Infinity)) {
    throw new TypeError(`${where}: expected \`${name}\` to be ${what}, got ${describe(value)}`);
  }
  if (value < min) throw new RangeError(`${where}: expected \`${name}\` to be ${what}, got ${value}`);
}

/** Throws unless `value` is a finite number >= `min` (milliseconds, rates). */
export function checkNumber(where: string, name: string, value: unknown, min = 0): asserts value is number {
  if (typeof value !== 'number' || Number.isNaN(value)) {
    throw new TypeError(`${where}: expected \`${name}\` to be a number >= ${min}, got ${describe(value)}`);
  }
  if (value < min) {
    throw new RangeError(`${where}: expected \`${name}\` to be a number >= ${min}, got ${value}`);
  }
}

/** Throws unless `value` is an `AbortSignal` (or undefined, when optional). */
export function checkSignal(where: string, value: unknown): asserts value is AbortSignal | undefined {
  if (value !== undefined && !(value instanceof AbortSignal)) {
    throw new TypeError(`${where}: expected \`signal\` to be an AbortSignal, got ${describe(value)}`);
  }
}

/** True when `source` is async iterable (has a `Symbol.asyncIterator` method). */
export function isAsyncIterable<T>(source: AsyncIterable<T> | Iterable<T>): source is AsyncIterable<T> {
  return typeof (source as Partial<AsyncIterable<T>>)[Symbol.asyncIterator] === 'function';
}
