// The shape of a case module (`bench/cases/<name>.mjs`), as JSDoc types, and the headline columns.

/**
 * One way of computing a case. `load` imports what the subject needs (only its own library, so a
 * child process holds nothing else) and returns its run function; a run returns the checksum every
 * subject of the case must agree on, or `{ checksum, metrics }` when the case measures more than
 * wall time.
 * @typedef {object} Subject
 * @property {string} name unique within the case; what `--subject` selects
 * @property {Column} column the headline column the subject belongs to
 * @property {string} label what the detail table calls it
 * @property {true} [baseline] the hand-written baseline every ratio of the case divides by
 * @property {true} [informative] a hand-written variant shown for context, not a contender
 * @property {string} [tag] a short name telling apart subjects that share a headline cell
 * @property {() => Promise<Run>} [load]
 * @property {string} [cannot] why this peer cannot express the case (then there is no `load`)
 */

/** @typedef {(size: number) => Promise<number | RunOutput>} Run */

/**
 * @typedef {object} RunOutput
 * @property {number} checksum
 * @property {Record<string, number>} metrics
 */

/**
 * A reported metric. `source` says where its samples come from: `time` (ms per timed repetition),
 * `time-after-gc` (ms per extra timed repetition, each right after a forced full GC: see
 * `Repeat.afterGc`), `ns-per-item` (time / size, in ns), `peak-rss` (the child's peak RSS in MB, one sample per process),
 * `rss-growth` (peak RSS minus the RSS once the subject's library is loaded, in MB), or the name of
 * a key of `RunOutput.metrics`.
 * @typedef {object} Metric
 * @property {string} metric
 * @property {string} unit
 * @property {string} source
 * @property {'ratio' | 'value' | 'none'} headline what the headline table shows: the ratio, the
 *   value, or nothing (the metric is in the case's detail table only)
 */

/**
 * @typedef {object} Repeat
 * @property {number} warmup untimed runs in each child before the timed ones (the runner adds more
 *   until a minimum warm-up time has passed, unless this is 0)
 * @property {number} timed timed runs in each child
 * @property {number} [afterGc] extra timed runs in each child after the timed ones, each right after
 *   a forced full GC: the samples of the `time-after-gc` metric source (what a run costs when the
 *   collector has just thrown away what the JIT keeps only weakly)
 */

/**
 * @typedef {object} Case
 * @property {string} name
 * @property {string} title
 * @property {{ full: number, quick: number }} size
 * @property {string} sizeUnit what `size` counts (items, ms, resources)
 * @property {{ full: Repeat, quick: Repeat }} repeat
 * @property {'each' | 'none'} [gc] whether the child forces a full GC before each timed run (`each`,
 *   the default: every run starts from the same clean heap) or never (`none`: steady state, the
 *   collector runs when the pipeline's own garbage makes it, as in a long-running process)
 * @property {Metric[]} metrics
 * @property {Subject[]} subjects
 * @property {number} [timeoutMs] how long one child may run before it is killed (default 10 minutes)
 * @property {number} [maxRounds] run the case in at most this many rounds (for cases whose single
 *   run takes many minutes); other cases keep the run's round count
 */

/** @typedef {'hand-written' | 'funcpipe' | 'effect' | 'ix' | 'rxjs' | 'streaming-iterables' | 'node' | 'cockatiel' | 'langchain'} Column */

/** The headline columns, in table order, with their display names. */
export const COLUMNS = /** @type {const} */ ([
  ['hand-written', 'hand-written'],
  ['funcpipe', 'FuncPipe'],
  ['effect', 'Effect 4.1'],
  ['ix', 'IxJS 7'],
  ['rxjs', 'RxJS 7.8'],
  ['streaming-iterables', 'streaming-iterables 8'],
  ['node', 'Node streams'],
  ['cockatiel', 'cockatiel 3.2 (+ p-map 7 / p-limit 6)'],
  ['langchain', 'LangChain.js (@langchain/core 1.4)'],
]);

/** The names of the case modules, in run order. */
export const CASES = [
  'sync-chain',
  'async-chain',
  'parallel-map-ordered',
  'parallel-map-unordered',
  'release-latency',
  'memory',
  'memory-async',
  'memory-map-async',
  'resource-wrappers',
  'raii-runner',
  'file-lines',
  'http-requests',
  'retry-overhead',
  'buffer-memory',
  'breaker-sync',
  'breaker-async',
  'call-breaker',
  'rate-limit-accuracy',
  'sql-postgres',
  'sql-sqlite',
  'map-async-boundary',
  'gather',
  'and-then',
  'concat',
  'bracket',
  'map-async-zero-latency',
  'rag-store-query',
  'embed-http',
  'rag-ingest',
  'rag-ingest-1m',
  'rag-query',
];
