// Runs ONE subject of ONE case in this (fresh) process: untimed warm-up runs (at least --warmup of
// them, and more until --warmup-ms have passed, so cheap subjects reach the JIT's top tier too),
// then timed runs (with a forced GC before each unless --gc none), then --timed-after-gc more, each
// right after a forced GC; then prints one JSON line on stdout: the checksum, the times, any extra
// metrics the subject reported per run, and the process's RSS (at start, after loading the
// subject's library, and the peak over the whole process).
//
//   node --expose-gc bench/child.mjs --case NAME --subject NAME --size N --warmup N --warmup-ms MS --timed N
//        [--gc each|none] [--timed-after-gc N]
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';

const { values } = parseArgs({
  options: {
    case: { type: 'string' },
    subject: { type: 'string' },
    size: { type: 'string' },
    warmup: { type: 'string', default: '0' },
    'warmup-ms': { type: 'string', default: '0' },
    timed: { type: 'string', default: '1' },
    gc: { type: 'string', default: 'each' },
    'timed-after-gc': { type: 'string', default: '0' },
  },
  strict: true,
});

/** @param {string | undefined} text @param {string} what */
function count(text, what) {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) throw new TypeError(`child: --${what} must be a non-negative integer, got ${text}`);
  return n;
}

/** @param {unknown} out */
function normalise(out) {
  if (typeof out === 'number') return { checksum: out, metrics: {} };
  if (out !== null && typeof out === 'object' && 'checksum' in out && 'metrics' in out) {
    return /** @type {import('./lib/case.mjs').RunOutput} */ (out);
  }
  throw new TypeError(`the run returned ${typeof out === 'object' ? JSON.stringify(out) : String(out)}, not a number`);
}

async function main() {
  const size = count(values.size, 'size');
  const warmup = count(values.warmup, 'warmup');
  const warmupMs = count(values['warmup-ms'], 'warmup-ms');
  const timed = count(values.timed, 'timed');
  const timedAfterGc = count(values['timed-after-gc'], 'timed-after-gc');
  if (values.gc !== 'each' && values.gc !== 'none') throw new TypeError(`child: --gc must be each or none, got ${values.gc}`);
  /** @type {import('./lib/case.mjs').Case} */
  const benchCase = (await import(`./cases/${values.case}.mjs`)).default;
  const subject = benchCase.subjects.find((s) => s.name === values.subject);
  if (subject === undefined || subject.load === undefined) {
    throw new Error(`case ${values.case} has no runnable subject ${values.subject}`);
  }
  const rssAtStartMB = process.memoryUsage.rss() / 2 ** 20;
  const run = await subject.load();
  const rssAfterLoadMB = process.memoryUsage.rss() / 2 ** 20;
  const gc = /** @type {(() => void) | undefined} */ (globalThis.gc);

  /** @type {number | undefined} */
  let checksum;
  /** @param {number} got */
  const agree = (got) => {
    if (checksum === undefined) checksum = got;
    else if (!Object.is(got, checksum)) throw new Error(`checksum changed between runs: ${checksum} then ${got}`);
  };

  const warmingSince = performance.now();
  for (let i = 0; i < warmup || (warmup > 0 && performance.now() - warmingSince < warmupMs); i++) {
    agree(normalise(await run(size)).checksum);
  }
  /** @type {Record<string, number>[]} */
  const extras = [];
  /**
   * @param {number} runs
   * @param {boolean} collect whether to force a full GC before each run
   * @param {Record<string, number>[] | undefined} metrics where the runs' own metrics go, if anywhere
   */
  const timeRuns = async (runs, collect, metrics) => {
    const times = [];
    for (let i = 0; i < runs; i++) {
      if (collect) gc?.();
      const start = performance.now();
      const out = normalise(await run(size));
      times.push(performance.now() - start);
      agree(out.checksum);
      metrics?.push(out.metrics);
    }
    return times;
  };
  const times = await timeRuns(timed, values.gc === 'each', extras);
  const timesAfterGc = await timeRuns(timedAfterGc, true, undefined);
  const line = {
    ok: true,
    checksum,
    times,
    timesAfterGc,
    extras,
    peakRssMB: process.resourceUsage().maxRSS / 1024,
    rssAtStartMB,
    rssAfterLoadMB,
  };
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

main().then(
  () => process.exit(0),
  (error) => {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    process.stdout.write(`${JSON.stringify({ ok: false, error: message })}\n`);
    process.exit(1);
  },
);
