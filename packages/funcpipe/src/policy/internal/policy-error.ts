// Turns the first zod issue of a rejected policy into a TypeError or RangeError that names the
// field path, what was expected and what arrived (STYLE habit 7), with a suggestion for a
// misspelt key.

import type { core, ZodType } from 'zod';
import { describe } from '../../internal/check.js';
import { closestName as closest } from '../../internal/edit-distance.js';

type Issue = core.$ZodIssue;

/** `window.size`, `codes[2]`; the empty path is the policy itself. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : out === '' ? String(key) : `.${String(key)}`;
  return out;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) value = typeof value === 'object' && value !== null ? (value as Record<PropertyKey, unknown>)[key] : undefined;
  return value;
}

interface Def {
  readonly type: string;
  readonly shape?: Record<string, ZodType>;
  readonly innerType?: ZodType;
  readonly in?: ZodType;
  readonly element?: ZodType;
  readonly options?: readonly ZodType[];
}

const defOf = (schema: ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** Unwraps optional / default / nullable / pipe layers. */
function unwrap(schema: ZodType): ZodType {
  for (;;) {
    const def = defOf(schema);
    const inner = def.innerType ?? (def.type === 'pipe' ? def.in : undefined);
    if (inner === undefined) return schema;
    schema = inner;
  }
}

/** The schema that describes the value at `path`, when the path leads through objects and arrays. */
function schemaAt(schema: ZodType, path: readonly PropertyKey[]): ZodType | undefined {
  let current: ZodType | undefined = unwrap(schema);
  for (const key of path) {
    if (current === undefined) return undefined;
    const def = defOf(current);
    const next: ZodType | undefined = def.type === 'object' ? def.shape?.[String(key)] : def.type === 'array' ? def.element : undefined;
    current = next === undefined ? undefined : unwrap(next);
  }
  return current;
}

/** The keys an object schema allows; for a union of objects, those of every option. */
function keysAt(schema: ZodType | undefined): string[] {
  if (schema === undefined) return [];
  const def = defOf(schema);
  if (def.type === 'union') return [...new Set((def.options ?? []).flatMap((option) => keysAt(unwrap(option))))];
  return Object.keys(def.shape ?? {});
}

const NUMBER_WORDS: Record<string, string> = { int: 'an integer', number: 'a number' };

function bound(issue: { origin: string; inclusive?: boolean }, schema: ZodType | undefined, op: '>' | '<', limit: number | bigint): string {
  const integer = (schema as { isInt?: boolean } | undefined)?.isInt === true;
  const what = integer ? 'an integer' : (NUMBER_WORDS[issue.origin] ?? `a ${issue.origin}`);
  return `${what} ${op}${issue.inclusive === false ? '' : '='} ${String(limit)}`;
}

/** What the field expected, in words; and whether the failure is one of range. */
function expectation(issue: Issue, schema: ZodType | undefined, input: unknown): { expected: string; range: boolean } {
  const description = schema?.description;
  // A union with a description (such as a duration) is named by it, whichever branch failed.
  const union = schema !== undefined && defOf(schema).type === 'union' ? description : undefined;
  switch (issue.code) {
    case 'too_small':
      return { expected: union ?? bound(issue, schema, '>', issue.minimum), range: true };
    case 'too_big':
      return { expected: union ?? bound(issue, schema, '<', issue.maximum), range: true };
    case 'not_multiple_of':
      return { expected: `a multiple of ${issue.divisor}`, range: true };
    case 'invalid_type': {
      // NaN and Infinity arrive as numbers zod refuses: say what was wrong with them.
      if (typeof input === 'number' && (issue.expected === 'number' || issue.expected === 'int')) return { expected: issue.expected === 'int' ? 'an integer' : 'a finite number', range: false };
      const word = NUMBER_WORDS[issue.expected] ?? (issue.expected === 'object' ? 'an object' : issue.expected === 'array' ? 'an array' : `a ${issue.expected}`);
      return { expected: union ?? word, range: false };
    }
    case 'invalid_value':
      return { expected: `one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`, range: false };
    case 'invalid_union': {
      // A discriminated union whose tag matched no option: name the tags.
      const tags = 'options' in issue ? issue.options : undefined;
      if (tags !== undefined && tags.length > 0) return { expected: `one of ${tags.map((v) => JSON.stringify(v)).join(', ')}`, range: false };
      // A union (such as a duration) whose closest branch failed on range is a range error.
      const range = issue.errors.some((branch) => branch.length > 0 && branch.every((i) => i.code === 'too_small' || i.code === 'too_big'));
      return { expected: description ?? 'a value of one of the allowed forms', range };
    }
    case 'invalid_format':
      return { expected: description ?? `a string in the ${issue.format} format`, range: false };
    default:
      return { expected: description ?? issue.message, range: issue.code === 'custom' };
  }
}

/** Builds the error for the first issue; `more` says how many others there were. */
export function policyError(where: string, issues: readonly Issue[], input: unknown, schema: ZodType): TypeError | RangeError {
  const issue = issues[0]!;
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? 's' : ''})` : '';
  if (issue.code === 'unrecognized_keys') {
    const valid = keysAt(schemaAt(schema, issue.path));
    const key = issue.keys[0]!;
    const field = formatPath([...issue.path, key]);
    const guess = closest(key, valid);
    const hint = guess === undefined ? '' : ` (did you mean \`${formatPath([...issue.path, guess])}\`?)`;
    return new TypeError(`${where}: unknown key \`${field}\`${hint}; expected one of ${valid.map((k) => `\`${k}\``).join(', ')}${more}`);
  }
  if (issue.code === 'custom') {
    // Cross-field rules state their own sentence ("`window` (5) must be >= `minItems` (10)").
    return new RangeError(`${where}: ${issue.message}${more}`);
  }
  const value = valueAt(input, issue.path);
  const { expected, range } = expectation(issue, schemaAt(schema, issue.path), value);
  const field = issue.path.length === 0 ? 'the policy' : `\`${formatPath(issue.path)}\``;
  const message = `${where}: expected ${field} to be ${expected}, got ${describe(value)}${more}`;
  return range ? new RangeError(message) : new TypeError(message);
}
