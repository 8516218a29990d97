import { fileURLToPath } from 'node:url';

// Argument checks of the io entry points. Each throws a TypeError (or a RangeError for a number
// out of range) naming the function, the argument, what was expected and what arrived, in the
// core's format: `where: expected \`name\` to be <what>, got <what arrived>`.

/**
 * Describes a value for an error message, in the core's wording: its type, plus the value
 * itself when it is short (`the string "x"`, `number 1.5`, `an object (Map)`).
 */
export function describe(value: unknown): string {
  if (typeof value === 'string') return value.length > 40 ? 'a string' : `the string ${JSON.stringify(value)}`;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return `${typeof value} ${String(value)}`;
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return `an object (${Object.prototype.toString.call(value).slice(8, -1)})`;
  return `a ${typeof value}`;
}

/** Throws unless `options` is an object (or undefined, which stands for `{}`); returns it. */
export function checkOptions<O extends object>(where: string, options: O | undefined): O {
  if (options === undefined) return {} as O;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new TypeError(`${where}: expected \`options\` to be an object, got ${describe(options)}`);
  }
  return options;
}

/** Throws unless `value` is undefined or an integer >= `min`; returns it or `fallback`. */
export function integerOption(where: string, name: string, value: unknown, min: number, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new TypeError(`${where}: expected \`${name}\` to be an integer >= ${min}, got ${describe(value)}`);
  }
  if (value < min) throw new RangeError(`${where}: expected \`${name}\` to be an integer >= ${min}, got ${value}`);
  return value;
}

/** Like {@link integerOption}, also accepting `Infinity` (no limit). */
export function limitOption(where: string, name: string, value: unknown, min: number, fallback: number): number {
  return value === Infinity ? Infinity : integerOption(where, name, value, min, fallback);
}

/** Throws unless `value` is undefined or one of `allowed`; returns it or `fallback`. */
export function choiceOption<C extends string>(where: string, name: string, value: unknown, allowed: readonly C[], fallback: C): C {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    const list = allowed.map((a) => `'${a}'`).join(' or ');
    throw new TypeError(`${where}: expected \`${name}\` to be ${list}, got ${describe(value)}`);
  }
  return value as C;
}

/** Throws unless `value` is undefined or a boolean; returns it or `fallback`. */
export function booleanOption(where: string, name: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw new TypeError(`${where}: expected \`${name}\` to be a boolean, got ${describe(value)}`);
  return value;
}

/** Throws unless `value` is a function. */
export function checkFunction(where: string, name: string, value: unknown): asserts value is (...args: never[]) => unknown {
  if (typeof value !== 'function') throw new TypeError(`${where}: expected \`${name}\` to be a function, got ${describe(value)}`);
}

/** Throws unless `value` is undefined or an `AbortSignal`. */
export function checkSignal(where: string, value: unknown): asserts value is AbortSignal | undefined {
  if (value !== undefined && !(value instanceof AbortSignal)) {
    throw new TypeError(`${where}: expected \`signal\` to be an AbortSignal, got ${describe(value)}`);
  }
}

/** A file-system path given as a string or a `file:` URL, as a string; a TypeError otherwise. */
export function checkPath(where: string, name: string, value: unknown): string {
  if (typeof value === 'string' && value.length > 0) return value;
  if (value instanceof URL && value.protocol === 'file:') return fileURLToPath(value);
  throw new TypeError(`${where}: expected \`${name}\` to be a non-empty path string or a file: URL, got ${describe(value)}`);
}
