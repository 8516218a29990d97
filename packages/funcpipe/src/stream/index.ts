// Synchronous lazy streams, exported from the package as the namespace `Sync`. Sources build a
// `Stream`; operators are data-last (`map(f)` is a function of the stream) and compose with
// `pipe`; sinks run the stream. Named re-exports only: anything not listed here is internal.
export { Stream } from './stream.js';
export type { StreamIterator } from './internal/chain-iterator.js';

// Sources
export { fromIterable } from './from-iterable.js';
export { of } from './of.js';
export { range } from './range.js';
export { fromFactory } from './from-factory.js';

// Operators
export { map } from './map.js';
export { filter } from './filter.js';
export { tap } from './tap.js';
export { take } from './take.js';
export { drop } from './drop.js';
export { takeWhile } from './take-while.js';
export { scan } from './scan.js';
export { chunk } from './chunk.js';
export { flatMap } from './flat-map.js';
export { zip } from './zip.js';
export { concat } from './concat.js';

// Sinks
export { toArray } from './to-array.js';
export { fold } from './fold.js';
export { reduce } from './reduce.js';
export { sum } from './sum.js';
export { count } from './count.js';
export { forEach } from './for-each.js';
export { first } from './first.js';
