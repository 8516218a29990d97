// Validates options objects of the embed and server rooms against their zod schemas and turns the
// first issue into a TypeError or RangeError naming the field, what was expected and what arrived
// (STYLE habit 7), as the core's policies do.
import { inspect } from 'node:util';
import { z, type core, type ZodType } from 'zod';

type Issue = core.$ZodIssue;

/** Describes a value for an error message: its type, and the value itself when it is short. */
export function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'object') return Array.isArray(value) ? 'an array' : `an object (${value.constructor?.name ?? 'null prototype'})`;
  const shown = inspect(value, { maxStringLength: 40 });
  return `${typeof value} ${shown}`;
}

function pathOf(base: string, path: readonly PropertyKey[]): string {
  const rest = z.core.toDotPath(path);
  return base === '' || rest === '' ? base + rest : rest.startsWith('[') ? base + rest : `${base}.${rest}`;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) value = typeof value === 'object' && value !== null ? (value as Record<PropertyKey, unknown>)[key] : undefined;
  return value;
}

function bound(issue: { origin: string; inclusive?: boolean }, op: '>' | '<', limit: number | bigint | Date): string {
  return `${issue.origin === 'number' ? 'a number' : `a ${issue.origin}`} ${op}${issue.inclusive === false ? '' : '='} ${String(limit)}`;
}

/** The error for one zod issue: a RangeError for a value out of range or a cross-field rule, else a TypeError. */
function issueError(where: string, base: string, issue: Issue, input: unknown): Error {
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map((k) => `\`${k}\``).join(', ');
    return new TypeError(`${where}: unknown key ${keys} in \`${pathOf(base, issue.path) || 'options'}\``);
  }
  const field = pathOf(base, issue.path) || 'options';
  const got = describe(valueAt(input, issue.path));
  switch (issue.code) {
    case 'too_small':
      return new RangeError(`${where}: expected \`${field}\` to be ${bound(issue, '>', issue.minimum)}, got ${got}`);
    case 'too_big':
      return new RangeError(`${where}: expected \`${field}\` to be ${bound(issue, '<', issue.maximum)}, got ${got}`);
    case 'invalid_value':
      return new TypeError(`${where}: expected \`${field}\` to be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, got ${got}`);
    case 'custom':
      return new RangeError(`${where}: \`${field}\`: ${issue.message}`);
    default:
      return new TypeError(`${where}: expected \`${field}\` to be ${issue.code === 'invalid_type' ? `a ${issue.expected}` : issue.message}, got ${got}`);
  }
}

/**
 * Parses `input` with `schema` (an absent input is `{}`); throws the error of the first issue.
 * `base` prefixes every field path (such as `options`).
 */
export function parseOptions<T>(schema: ZodType<T>, input: unknown, where: string, base = ''): T {
  const parsed = schema.safeParse(input === undefined ? {} : input);
  if (parsed.success) return parsed.data;
  throw issueError(where, base, parsed.error.issues[0]!, input);
}
