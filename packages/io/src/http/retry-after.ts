/**
 * The delay a `Retry-After` header asks for, in milliseconds: its delay-seconds form (`"120"`)
 * or its HTTP-date form (`"Wed, 21 Oct 2026 07:28:00 GMT"`, measured from `nowMs`, never below
 * 0). `undefined` when the header is absent or malformed (a negative or fractional number, an
 * unparsable date), so a retry policy falls back to its own backoff.
 *
 * @example
 * ```ts
 * parseRetryAfter('3');                                                        // 3000
 * parseRetryAfter('Thu, 01 Jan 1970 00:00:10 GMT', 4_000);                   // 6000
 * ```
 */
export function parseRetryAfter(header: string | readonly string[] | undefined, nowMs: number = Date.now()): number | undefined {
  const value = (typeof header === 'string' ? header : header?.[0])?.trim();
  if (value === undefined || value === '') return undefined;
  if (/^\d+$/.test(value)) {
    const seconds = Number(value);
    return Number.isSafeInteger(seconds * 1000) ? seconds * 1000 : undefined;
  }
  // An HTTP-date always names a weekday and "GMT"; Date.parse alone would accept many other shapes.
  if (!/^[A-Za-z]{3},? .*\bGMT$/.test(value)) return undefined;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}
