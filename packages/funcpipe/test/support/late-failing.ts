// A producer whose cleanup fails late: the shared subject of the late-failure warning tests.
import { setTimeout as sleep } from 'node:timers/promises';
import type { AsyncGen } from '../../src/async/async-gen.js';
import { fromProducer } from '../../src/async/from-producer.js';

/**
 * Yields 1 and 2; its finally (run by `return()` while it is suspended at a yield, so a cleanup
 * FuncPipe runs and reports) takes `afterMs`, then throws `failure`.
 */
export function lateFailingProducer(failure: Error, afterMs: number): AsyncGen<number, never> {
  return fromProducer(async function* () {
    try {
      yield 1;
      yield 2;
    } finally {
      await sleep(afterMs);
      // eslint-disable-next-line no-unsafe-finally
      throw failure;
    }
  });
}
