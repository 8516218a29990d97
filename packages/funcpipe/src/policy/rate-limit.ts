import { describe } from '../internal/check.js';
import { AsyncGen } from '../async/async-gen.js';
import { fromResultProducer } from '../async/from-producer.js';
import type { Result } from '../result/result.js';
import type { PolicyRuntime } from './policy-event.js';
import type { RateLimitPolicy } from './rate-limit-policy.js';
import { rateLimiter, type RateLimiter } from './rate-limiter.js';

function isLimiter(value: unknown): value is RateLimiter {
  return typeof value === 'object' && value !== null && typeof (value as RateLimiter).acquire === 'function' && typeof (value as RateLimiter).tryAcquire === 'function';
}

/**
 * A stream stage that lets each `Ok` item through only when it gets a token from `limiter`
 * (`Err` items pass at once, in order, as they call nothing). Give it a {@link RateLimiter} to
 * share one budget across stages and runs, or a {@link RateLimitPolicy} for a limiter of this
 * stage alone (shared by the stage's runs). A wait is cancelled with the run: a stop or an abort
 * ends it at once and releases the upstream; the item that waited is dropped with the run.
 *
 * @example
 * ```ts
 * const api = rateLimiter({ rate: 2000, per: '1s', burst: 100 });
 * pipe(Async.fromIterable(chunks), rateLimit(api), Async.mapAsync(embed, { concurrency: 8 }));
 * ```
 */
export function rateLimit(limiter: RateLimiter | RateLimitPolicy, runtime?: PolicyRuntime): <T, E>(gen: AsyncGen<T, E>) => AsyncGen<T, E> {
  const bucket = isLimiter(limiter) ? limiter : rateLimiter(limiter, runtime);
  return <T, E>(gen: AsyncGen<T, E>) => {
    if (!(gen instanceof AsyncGen)) throw new TypeError(`rateLimit: expected an AsyncGen, got ${describe(gen)}`);
    return fromResultProducer<T, E>(async function* (signal): AsyncGenerator<Result<T, E>> {
      // Not `for await`: when a wait is cut short by the stop, the language would drop the
      // upstream's cleanup failure; `await using` keeps it, attached to the stop's echo.
      await using upstream = gen.iterate({ signal });
      for (let step = await upstream.next(); step.done !== true; step = await upstream.next()) {
        if (step.value.ok) await bucket.acquire(signal);
        yield step.value;
      }
    });
  };
}
