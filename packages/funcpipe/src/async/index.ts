// The async stream tree, exported from the package as the namespace `Async`.
export { AsyncGen } from './async-gen.js';
export { AsyncRun, DEFAULT_CLOSE_TIMEOUT_MS, type RunOptions } from './async-run.js';
export { CleanupTimedOut } from './cleanup-timed-out.js';
export { fromIterable, of } from './from-iterable.js';
export { fromProducer, fromResultProducer, type Producer } from './from-producer.js';
export { fromResults } from './from-results.js';
export { map } from './map.js';
export { mapErr } from './map-err.js';
export { filter } from './filter.js';
export { take } from './take.js';
export { drop } from './drop.js';
export { takeWhile } from './take-while.js';
export { scan } from './scan.js';
export { tap } from './tap.js';
export { chunk } from './chunk.js';
export { fold } from './fold.js';
export { toArray } from './to-array.js';
export { forEach, drain } from './for-each.js';
