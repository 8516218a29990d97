import { closestName as closest } from '../internal/edit-distance.js';
import type { JsonSchema, PolicyKind, PolicyScope } from './policy-kind.js';
import { circuitBreakerPolicy } from './circuit-breaker-policy.js';
import { rateLimitPolicy } from './rate-limit-policy.js';
import { consecutiveErrPolicy, errRatePolicy } from './stream-breaker-policy.js';
import { retryPolicyKind } from './retry.js';
import { timeoutPolicyKind } from './timeouts.js';

// Every policy kind, by name. A new kind is added here so config tools can find its schema.
const KINDS: ReadonlyArray<PolicyKind<never, unknown>> = [errRatePolicy, consecutiveErrPolicy, circuitBreakerPolicy, rateLimitPolicy, retryPolicyKind, timeoutPolicyKind];

/** A policy kind as listed by {@link policyKinds}. */
export interface PolicyKindInfo {
  readonly name: string;
  readonly scope: PolicyScope;
  readonly summary: string;
}

/** Every policy kind FuncPipe knows: its name (for {@link policyJsonSchema}), scope and summary. */
export function policyKinds(): readonly PolicyKindInfo[] {
  return KINDS.map(({ name, scope, summary }) => ({ name, scope, summary }));
}

/**
 * The JSON Schema (draft 2020-12) of one policy kind, so a config file holding that policy can
 * be checked by an editor or a CI step. Cross-field rules (such as `minItems <= window`) are
 * checked when the policy is used, not by the schema.
 *
 * @throws RangeError for an unknown kind name (with the closest known one).
 * @example
 * ```ts
 * writeFileSync('breaker.schema.json', JSON.stringify(policyJsonSchema('errRateBreaker'), null, 2));
 * ```
 */
export function policyJsonSchema(name: string): JsonSchema {
  const kind = KINDS.find((k) => k.name === name);
  if (kind !== undefined) return kind.jsonSchema();
  const names = KINDS.map((k) => k.name);
  const guess = typeof name === 'string' ? closest(name, names) : undefined;
  const hint = guess === undefined ? '' : ` (did you mean "${guess}"?)`;
  throw new RangeError(`policyJsonSchema: unknown policy kind ${JSON.stringify(name)}${hint}; expected one of ${names.map((n) => `"${n}"`).join(', ')}`);
}
