import { describe } from '../internal/check.js';

/**
 * A length of time in a policy: a number of milliseconds (`250`), or a string with a unit:
 * `"250ms"`, `"2s"`, `"1.5s"`, `"1m"`, `"1h"` (a non-negative decimal, then `ms`, `s`, `m` or `h`,
 * nothing else: no spaces, no sign, no bare `"250"`). Policies accept either form, so the same
 * object can come from code or from a JSON config file.
 */
export type Duration = number | string;

/** What a {@link Duration} string must look like (anchored; the unit is required). */
export const DURATION_PATTERN = /^(?:0|[1-9]\d*)(?:\.\d+)?(?:ms|s|m|h)$/;

/** How a duration string is spelled, for error messages and the JSON Schema's description. */
export const DURATION_EXPECTED = 'a duration: milliseconds as a number >= 0, or a string such as "250ms", "2s", "1.5s", "1m"';

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };

/**
 * Converts a {@link Duration} to milliseconds, strictly: a number must be finite and >= 0, a
 * string must match {@link DURATION_PATTERN}. `where` and `field` name the entry point and the
 * field in the error (`retry: expected \`maxDelay\` to be a duration ..., got the string "2 s"`).
 *
 * @throws TypeError for a value of the wrong type, `NaN` or a malformed string; RangeError for a
 *   negative or infinite number.
 * @example
 * ```ts
 * parseDuration('1.5s', 'myPolicy', 'coolDown'); // 1500
 * parseDuration(250, 'myPolicy', 'coolDown'); // 250
 * ```
 */
export function parseDuration(value: unknown, where: string, field: string): number {
  if (typeof value === 'number') {
    if (Number.isNaN(value)) throw new TypeError(`${where}: expected \`${field}\` to be ${DURATION_EXPECTED}, got ${describe(value)}`);
    if (value < 0 || value === Infinity) throw new RangeError(`${where}: expected \`${field}\` to be ${DURATION_EXPECTED}, got ${describe(value)}`);
    return value;
  }
  if (typeof value === 'string' && DURATION_PATTERN.test(value)) {
    const unit = /[a-z]+$/.exec(value)![0];
    // Rounded to a microsecond, so "1.1s" is 1100, not 1100.0000000000002.
    return Math.round(Number(value.slice(0, -unit.length)) * UNIT_MS[unit]! * 1_000) / 1_000;
  }
  throw new TypeError(`${where}: expected \`${field}\` to be ${DURATION_EXPECTED}, got ${describe(value)}`);
}
