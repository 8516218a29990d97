// Argument checks shared by the SQL entry points (`/sqlite`, `/postgres`). Each throws a
// TypeError (or a RangeError for a number out of range) naming the function, the field, what
// was expected and what arrived.

/** Describes a value for an error message: its kind, plus the value itself when it is short. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return value.length > 40 ? 'a string' : `the string ${JSON.stringify(value)}`;
  if (typeof value === 'function') return 'a function';
  if (typeof value !== 'object' || value === null) return value === undefined || value === null ? String(value) : `${typeof value} ${String(value)}`;
  return Array.isArray(value) ? 'an array' : `an object (${Object.prototype.toString.call(value).slice(8, -1)})`;
}

/** Throws unless `value` is an object (options bags, pools, databases). */
export function checkObject(where: string, name: string, value: unknown, what = 'an object'): asserts value is object {
  if (typeof value !== 'object' || value === null) throw new TypeError(`${where}: expected \`${name}\` to be ${what}, got ${describeValue(value)}`);
}

/** Throws unless `value` is a non-empty string (an SQL text). */
export function checkSql(where: string, name: string, value: unknown): asserts value is string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new TypeError(`${where}: expected \`${name}\` to be a non-empty SQL string, got ${describeValue(value)}`);
  }
}

/** The integer at `name`, or `fallback` when undefined; an integer in `[min, max]` otherwise. */
export function integerOption(where: string, name: string, value: unknown, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new TypeError(`${where}: expected \`${name}\` to be an integer from ${min} to ${max}, got ${describeValue(value)}`);
  }
  if (value < min || value > max) throw new RangeError(`${where}: expected \`${name}\` to be an integer from ${min} to ${max}, got ${value}`);
  return value;
}

/** The largest page a paged result set accepts (a page is held in memory). */
export const MAX_PAGE_SIZE = 1_000_000;

/** The SQL text shortened for an error message. */
export function sqlSnippet(sql: string): string {
  const flat = sql.replace(/\s+/g, ' ').trim();
  return flat.length > 120 ? `${flat.slice(0, 117)}...` : flat;
}
