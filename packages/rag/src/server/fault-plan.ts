// The fault switches of the embeddings server, as validated data (the CLI maps its flags to this
// object), and the decision they make for each request.
import { z } from 'zod';
import { parseOptions } from '../embed/internal/parse-options.js';

const count = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);

/**
 * The fault switches of {@link serveEmbeddings}, as JSON data (unknown keys rejected, the field
 * named). All optional; with none the server simply embeds.
 */
export const faultPlanSchema = z.strictObject({
  /** Waits this long (ms) before answering each embeddings request. */
  latencyMs: z.number().int().min(0).max(600_000).optional(),
  /** Answers every N-th embeddings request (N, 2N, ...) with 429 and `Retry-After`. */
  rateLimitEvery: count.optional(),
  /** Answers an embeddings request with 429 and `Retry-After` with this probability (drawn from `seed`). */
  rateLimitProbability: z.number().min(0).max(1).optional(),
  /** The `Retry-After` of those 429s, in whole seconds (0 allowed). Default 1. */
  retryAfterSeconds: z.number().int().min(0).max(86_400).optional(),
  /** The seed of the random draws (`rateLimitProbability`). Default 1. */
  seed: z.number().int().optional(),
  /** After this many embeddings requests, every further one is a quota 429 (`insufficient_quota`, no `Retry-After`). */
  quotaAfter: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
  /** Answers every N-th embeddings request with `serverErrorStatus`. */
  serverErrorEvery: count.optional(),
  /** The status of those failures, 500 to 599. Default 500. */
  serverErrorStatus: z.number().int().min(500).max(599).optional(),
  /** A regular expression (JavaScript syntax): a request with an input it matches is a 400 (the poison chunk). */
  rejectPattern: z
    .string()
    .refine((source) => {
      try {
        new RegExp(source);
        return true;
      } catch {
        return false;
      }
    }, 'expected a valid regular expression')
    .optional(),
  /** Requests must carry `Authorization: Bearer <apiKey>`, or get a 401. */
  apiKey: z.string().min(1).optional(),
  /** A request with more inputs than this is a 413. */
  maxInputs: count.optional(),
});

/** The fault switches of {@link serveEmbeddings}; see {@link faultPlanSchema}. */
export type FaultPlan = z.infer<typeof faultPlanSchema>;

/** What the plan says about one embeddings request, before its body is read. */
export type FaultDecision = { readonly kind: 'none' } | { readonly kind: 'quota' } | { readonly kind: 'rateLimit'; readonly retryAfterSeconds: number } | { readonly kind: 'serverError'; readonly status: number };

/** A fault plan in force: counts requests and draws its random numbers from its seed. */
export class FaultSwitches {
  readonly plan: FaultPlan;
  readonly reject: RegExp | undefined;
  private state: number;

  constructor(plan: unknown, where: string) {
    this.plan = parseOptions(faultPlanSchema, plan, where, 'faults');
    this.reject = this.plan.rejectPattern === undefined ? undefined : new RegExp(this.plan.rejectPattern);
    this.state = (this.plan.seed ?? 1) >>> 0;
  }

  /** The decision for the `n`-th embeddings request (from 1). */
  decide(n: number): FaultDecision {
    const { quotaAfter, rateLimitEvery, rateLimitProbability, serverErrorEvery } = this.plan;
    if (quotaAfter !== undefined && n > quotaAfter) return { kind: 'quota' };
    const drawn = rateLimitProbability !== undefined && this.next() < rateLimitProbability;
    if (drawn || (rateLimitEvery !== undefined && n % rateLimitEvery === 0)) return { kind: 'rateLimit', retryAfterSeconds: this.plan.retryAfterSeconds ?? 1 };
    if (serverErrorEvery !== undefined && n % serverErrorEvery === 0) return { kind: 'serverError', status: this.plan.serverErrorStatus ?? 500 };
    return { kind: 'none' };
  }

  /** The index of the first input the reject pattern matches, or -1. */
  poisonIndex(inputs: readonly string[]): number {
    const pattern = this.reject;
    if (pattern === undefined) return -1;
    return inputs.findIndex((input) => pattern.test(input));
  }

  /** mulberry32: a small, well-mixed 32-bit generator, so a seed replays the same faults. */
  private next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }
}
