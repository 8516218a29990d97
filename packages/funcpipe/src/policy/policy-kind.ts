import type { ZodType } from 'zod';
import { policyError } from './internal/policy-error.js';
import { zod, type Zod } from './internal/zod.js';

/**
 * Who shares one policy's state:
 * - `attempt`: each call of an item's work (a per-attempt timeout);
 * - `item`: each item on its own (retry, a per-item timeout);
 * - `run`: one state per run of a stream, fresh for the next run (stream breakers, a run timeout);
 * - `shared`: one state in one object, shared by every stage, run and call it is passed to
 *   (a call circuit breaker, a rate limiter), named by its `name` field in events.
 */
export type PolicyScope = 'attempt' | 'item' | 'run' | 'shared';

/** A JSON Schema document (draft 2020-12), as `z.toJSONSchema` emits it. */
export type JsonSchema = Readonly<Record<string, unknown>>;

/**
 * One kind of policy: its name, scope and schema, and how a validated policy object becomes the
 * settings the runtime uses (defaults filled in, durations in ms). Built with {@link definePolicy}.
 */
export interface PolicyKind<Input, Resolved> {
  /** The kind's name, as in `policyJsonSchema(name)` and in events. */
  readonly name: string;
  readonly scope: PolicyScope;
  /** One sentence: what the policy does (the JSON Schema's description). */
  readonly summary: string;
  /**
   * Validates `input` against the schema and resolves it. `where` names the entry point in the
   * error (default: the kind's name).
   *
   * @throws TypeError (wrong type, unknown key, malformed string) or RangeError (out of range,
   *   a cross-field rule) naming the field path, what was expected and what arrived.
   */
  resolve(input: Input | undefined, where?: string): Resolved;
  /** The JSON Schema of the policy object, for config files and editors. */
  jsonSchema(): JsonSchema;
}

/** How a policy kind is declared. The schema is built on first use (zod loads lazily). */
export interface PolicySpec<Input, Resolved> {
  readonly name: string;
  readonly scope: PolicyScope;
  readonly summary: string;
  /**
   * The policy object's schema: a `z.strictObject` (so unknown keys are rejected) whose fields
   * are all optional, defaults applied by `resolve`. Cross-field rules go in `.superRefine` as
   * `custom` issues (reported as RangeErrors); JSON Schema leaves them out.
   */
  readonly schema: (z: Zod) => ZodType;
  /** Turns a valid policy object into runtime settings (fill defaults, parse durations). */
  readonly resolve: (input: Input) => Resolved;
}

/**
 * Declares a policy kind: one place holding its schema, scope and defaults, so validation,
 * error messages and JSON Schema agree. Every policy in FuncPipe is declared this way.
 *
 * @example
 * ```ts
 * const sampling = definePolicy<{ rate?: number }, { rate: number }>({
 *   name: 'sampling', scope: 'run', summary: 'Keeps a fraction of the items.',
 *   schema: (z) => z.strictObject({ rate: z.number().min(0).max(1).optional() }),
 *   resolve: (p) => ({ rate: p.rate ?? 1 }),
 * });
 * sampling.resolve({ rat: 0.5 }); // TypeError: sampling: unknown key `rat` (did you mean `rate`?) ...
 * ```
 */
export function definePolicy<Input, Resolved>(spec: PolicySpec<Input, Resolved>): PolicyKind<Input, Resolved> {
  let schema: ZodType | undefined;
  const getSchema = (): ZodType => (schema ??= spec.schema(zod()).describe(spec.summary));
  return Object.freeze({
    name: spec.name,
    scope: spec.scope,
    summary: spec.summary,
    resolve(input: Input | undefined, where = spec.name): Resolved {
      const s = getSchema();
      const parsed = s.safeParse(input === undefined ? {} : input);
      if (!parsed.success) throw policyError(where, parsed.error.issues, input, s);
      return spec.resolve(parsed.data as Input);
    },
    jsonSchema(): JsonSchema {
      return zod().toJSONSchema(getSchema(), { io: 'input' }) as JsonSchema;
    },
  });
}
