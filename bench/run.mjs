// The benchmark runner: every subject of every case (FuncPipe, the hand-written baselines, the
// peers) in fresh child processes, several rounds, medians, every ratio against the hand-written
// baseline of the same run; then bench/results.json and, after a full clean run, bench/RESULTS.md.
//
//   node bench/run.mjs [--quick] [--case NAME] [--subject NAME] [--reps N]
//   (a full-mode --case run is merged into the earlier full results.json, and RESULTS.md rewritten)
//   node bench/run.mjs --report      (rewrite RESULTS.md from results.json, e.g. after editing notes.md)
//
// A subject whose checksum differs from its case's baseline, or whose child fails, fails the run
// (exit 1) after the results of everything else have been written.
import { parseArgs } from 'node:util';
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { CASES } from './lib/case.mjs';
import { median } from './lib/stats.mjs';
import { machineMeta, mergeResults, readResults, writeResults, writeResultsMarkdown } from './report.mjs';

const USAGE = `usage: node bench/run.mjs [--quick] [--case NAME] [--subject NAME] [--reps N] | --report
  --quick         small sizes, one round, few repetitions: the whole suite in about a minute
  --case NAME     run one case (${CASES.join(', ')})
  --subject NAME  run the subjects of that name or headline column (funcpipe, effect, ix, rxjs,
                  streaming-iterables, node, ...) and the baseline their ratios need
  --reps N        rounds: fresh child processes per subject (default 3, or 1 with --quick)
  --report        write RESULTS.md again from results.json (a full run's) without running anything`;

/** Least warm-up time per child (when the case asks for warm-up at all), by mode. */
const WARMUP_MS = { full: 500, quick: 100 };
/** A child that runs longer than this is killed and counted as a failure. */
const CHILD_TIMEOUT_MS = 10 * 60_000;
const CHILD = fileURLToPath(new URL('./child.mjs', import.meta.url));

/** @typedef {import('./lib/case.mjs').Case} Case */
/** @typedef {import('./lib/case.mjs').Subject} Subject */

/**
 * The samples of one metric in one child's output.
 * @param {import('./lib/case.mjs').Metric} metric
 * @param {any} line the child's JSON line
 * @param {number} size
 * @returns {number[]}
 */
function samplesOf(metric, line, size) {
  switch (metric.source) {
    case 'time':
      return line.times;
    case 'time-after-gc':
      return line.timesAfterGc;
    case 'ns-per-item':
      return line.times.map((/** @type {number} */ ms) => (ms * 1e6) / size);
    case 'peak-rss':
      return [line.peakRssMB];
    case 'rss-growth':
      return [Math.max(0, line.peakRssMB - line.rssAfterLoadMB)];
    default:
      return line.extras.map((/** @type {Record<string, number>} */ extra) => extra[metric.source]);
  }
}

/**
 * Runs one subject in a fresh child; returns its JSON line or throws with what went wrong.
 * @param {Case} benchCase
 * @param {Subject} subject
 * @param {'full' | 'quick'} mode
 */
function runChild(benchCase, subject, mode) {
  const repeat = benchCase.repeat[mode];
  const args = ['--expose-gc', CHILD, '--case', benchCase.name, '--subject', subject.name];
  args.push('--size', String(benchCase.size[mode]), '--timed', String(repeat.timed));
  args.push('--warmup', String(repeat.warmup), '--warmup-ms', String(WARMUP_MS[mode]));
  args.push('--gc', benchCase.gc ?? 'each', '--timed-after-gc', String(repeat.afterGc ?? 0));
  const child = spawnSync(process.execPath, args, {
    encoding: 'utf8',
    timeout: benchCase.timeoutMs ?? CHILD_TIMEOUT_MS,
    maxBuffer: 16 * 2 ** 20,
  });
  const lastLine = child.stdout?.trim().split('\n').at(-1) ?? '';
  /** @type {any} */
  let line;
  try {
    line = JSON.parse(lastLine);
  } catch {
    const why = child.error?.message ?? `exit ${child.status ?? child.signal}`;
    throw new Error(`no result (${why}); stderr: ${child.stderr?.trim().slice(-2000) ?? ''}`);
  }
  if (line.ok !== true) throw new Error(String(line.error));
  return line;
}

/** @typedef {{ lines: any[], error?: string }} Outcome */

/** @param {Case} c @param {Subject} s */
const outcomeKey = (c, s) => `${c.name}\u0000${s.name}`;

/**
 * Runs every selected subject of every case once per round, each in a fresh child; a subject
 * that failed once is not run again.
 * @param {Case[]} cases
 * @param {'full' | 'quick'} mode
 * @param {number} rounds
 * @param {(s: Subject) => boolean} selected
 * @returns {Map<string, Outcome>}
 */
function runRounds(cases, mode, rounds, selected) {
  /** @type {Map<string, Outcome>} */
  const outcomes = new Map();
  for (let round = 0; round < rounds; round++) {
    for (const benchCase of cases) {
      if (round >= (benchCase.maxRounds ?? rounds)) continue;
      const runnable = benchCase.subjects.filter((s) => s.load !== undefined && selected(s));
      // Rotate the order every round, so no subject always runs first (or right after a heavy one).
      const order = runnable.map((_, i) => runnable[(i + round) % runnable.length]);
      for (const subject of order) {
        const outcome = outcomes.get(outcomeKey(benchCase, subject)) ?? { lines: [] };
        outcomes.set(outcomeKey(benchCase, subject), outcome);
        if (outcome.error !== undefined) continue;
        const label = `[${round + 1}/${rounds}] ${benchCase.name} / ${subject.name}`;
        try {
          const line = runChild(benchCase, subject, mode);
          outcome.lines.push(line);
          const first = benchCase.metrics[0];
          const value = median(samplesOf(first, line, benchCase.size[mode]));
          console.log(`${label}: ${first.metric} ${value.toFixed(2)} ${first.unit}`);
        } catch (error) {
          outcome.error = error instanceof Error ? error.message : String(error);
          console.log(`${label}: FAILED\n${outcome.error}`);
        }
      }
    }
  }
  return outcomes;
}

/**
 * Turns the children's outputs into result rows: medians, ratios to the baseline, and the
 * failures (a crashed child, or a checksum that differs from the baseline's).
 * @param {Case[]} cases
 * @param {'full' | 'quick'} mode
 * @param {Map<string, Outcome>} outcomes
 * @param {(s: Subject) => boolean} selected
 */
function collect(cases, mode, outcomes, selected) {
  /** @type {import('./report.mjs').ResultRow[]} */
  const results = [];
  /** @type {{ case: string, subject: string, error: string }[]} */
  const failures = [];
  /** @type {{ case: string, subject: string, reason: string }[]} */
  const cannot = [];
  for (const benchCase of cases) {
    const size = benchCase.size[mode];
    const baseline = benchCase.subjects.find((s) => s.baseline === true);
    if (baseline === undefined) throw new Error(`case ${benchCase.name} has no baseline subject`);
    const baselineOutcome = outcomes.get(outcomeKey(benchCase, baseline));
    const baselineLines = baselineOutcome?.error === undefined ? (baselineOutcome?.lines ?? []) : [];
    const expected = baselineLines[0]?.checksum;
    for (const subject of benchCase.subjects) {
      if (subject.cannot !== undefined) {
        if (selected(subject)) cannot.push({ case: benchCase.name, subject: subject.name, reason: subject.cannot });
        continue;
      }
      const outcome = outcomes.get(outcomeKey(benchCase, subject));
      if (outcome === undefined) continue;
      if (outcome.error !== undefined) {
        failures.push({ case: benchCase.name, subject: subject.name, error: outcome.error });
        continue;
      }
      // With no baseline checksum (the baseline itself failed, which fails the run) nothing is compared.
      const wrong = outcome.lines.find((line) => expected !== undefined && !Object.is(line.checksum, expected));
      if (wrong !== undefined) {
        const error = `checksum ${wrong.checksum} differs from the baseline's ${expected}`;
        failures.push({ case: benchCase.name, subject: subject.name, error });
        continue;
      }
      for (const metric of benchCase.metrics) {
        const samples = outcome.lines.flatMap((line) => samplesOf(metric, line, size));
        const baseSamples = baselineLines.flatMap((line) => samplesOf(metric, line, size));
        const value = median(samples);
        const base = baseSamples.length > 0 ? median(baseSamples) : Number.NaN;
        results.push({
          case: benchCase.name,
          subject: subject.name,
          metric: metric.metric,
          value,
          unit: metric.unit,
          ratio: Number.isFinite(base) && base > 0 ? value / base : null,
          samples: samples.length,
        });
      }
    }
  }
  return { results, failures, cannot };
}

/**
 * True when the case has no result rows because its run failed (RESULTS.md then lists it as
 * failed, so it can still be written).
 * @param {string} name
 * @param {any} meta
 */
function failedWhole(name, meta) {
  return meta.failures.some((/** @type {{ case: string }} */ f) => f.case === name);
}

/** Rewrites RESULTS.md from the results.json of the last full run. */
async function reportAgain() {
  const { meta, results } = JSON.parse(readFileSync(new URL('./results.json', import.meta.url), 'utf8'));
  const covered = new Set(results.map((/** @type {{ case: string }} */ r) => r.case));
  if (meta.mode !== 'full' || meta.selection.subject !== null || !CASES.every((name) => covered.has(name))) {
    throw new Error('results.json does not hold full-mode results of every case: run `npm run bench` first');
  }
  /** @type {Case[]} */
  const cases = [];
  for (const name of CASES) cases.push((await import(`./cases/${name}.mjs`)).default);
  console.log(`wrote ${writeResultsMarkdown(meta, results, cases)}`);
  return 0;
}

/** @param {string[]} argv */
async function main(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean', default: false },
      case: { type: 'string' },
      subject: { type: 'string' },
      reps: { type: 'string' },
      report: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (values.report) return reportAgain();
  const mode = values.quick ? 'quick' : 'full';
  const rounds = values.reps === undefined ? (values.quick ? 1 : 3) : Number(values.reps);
  if (!Number.isInteger(rounds) || rounds < 1) throw new TypeError(`--reps must be a positive integer, got ${values.reps}`);
  if (values.case !== undefined && !CASES.includes(values.case)) {
    throw new TypeError(`--case must be one of ${CASES.join(', ')}; got ${values.case}`);
  }

  /** @type {Case[]} */
  const cases = [];
  for (const name of values.case === undefined ? CASES : [values.case]) {
    cases.push((await import(`./cases/${name}.mjs`)).default);
  }
  /** @param {Subject} s */
  const named = (s) => s.name === values.subject || s.column === values.subject;
  /** @param {Subject} s */
  const selected = (s) => values.subject === undefined || s.baseline === true || named(s);
  if (values.subject !== undefined && !cases.some((c) => c.subjects.some(named))) {
    throw new TypeError(`no selected case has a subject or column named ${values.subject}`);
  }

  const started = performance.now();
  const loadAtStart = loadavg();
  const outcomes = runRounds(cases, mode, rounds, selected);
  const { results, failures, cannot } = collect(cases, mode, outcomes, selected);

  const meta = {
    ...machineMeta(),
    mode,
    rounds,
    selection: { case: values.case ?? null, subject: values.subject ?? null },
    sizes: Object.fromEntries(cases.map((c) => [c.name, { size: c.size[mode], unit: c.sizeUnit, ...c.repeat[mode] }])),
    loadavg: { start: loadAtStart, end: loadavg() },
    durationSeconds: Math.round((performance.now() - started) / 1000),
    cannot,
    failures,
  };
  // A full-mode run of some cases updates those cases in the earlier full results, so one case
  // can be measured again without re-running the whole suite; any other partial run stands alone.
  const previous = readResults();
  const merges = mode === 'full' && values.subject === undefined && values.case !== undefined && previous?.meta.mode === 'full';
  const written = merges ? mergeResults(previous, meta, results, cases.map((c) => c.name)) : { meta, results };
  const jsonPath = writeResults(written.meta, written.results);
  console.log(`\nwrote ${jsonPath}${merges ? ` (${values.case} merged into the earlier full results)` : ''}`);
  const covered = new Set(written.results.map((/** @type {{ case: string }} */ r) => r.case));
  if (mode === 'full' && values.subject === undefined && CASES.every((name) => covered.has(name) || failedWhole(name, written.meta))) {
    const everyCase = [];
    for (const name of CASES) everyCase.push((await import(`./cases/${name}.mjs`)).default);
    console.log(`wrote ${writeResultsMarkdown(written.meta, written.results, everyCase)}`);
  }

  if (failures.length > 0) {
    console.error(`\n${failures.length} subject(s) FAILED:`);
    for (const f of failures) console.error(`- ${f.case} / ${f.subject}: ${f.error.split('\n')[0]}`);
    return 1;
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    console.error(USAGE);
    process.exit(2);
  },
);
