// Writes what a run measured: bench/results.json (every run; a full-mode run of some cases is
// merged into the earlier full results) and bench/RESULTS.md (whenever full-mode results cover
// every case, failed subjects included and listed first), keeping its soak section (bench/lib/soak-section.mjs).
// The tables of RESULTS.md are generated; the analysis comes from bench/notes.md (one `## name`
// section per case, plus `## headline`), so a re-run regenerates the numbers and keeps the prose.
import { readFileSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import os from 'node:os';
import { COLUMNS } from './lib/case.mjs';
import { fmt, fmtRatio } from './lib/stats.mjs';
import { currentSoakSection } from './lib/soak-section.mjs';

/**
 * @typedef {object} ResultRow
 * @property {string} case
 * @property {string} subject
 * @property {string} metric
 * @property {number} value the median of every sample of every round
 * @property {string} unit
 * @property {number | null} ratio value / the same case's hand-written baseline in this run
 * @property {number} samples how many samples the median is taken over
 */

const here = (/** @type {string} */ file) => fileURLToPath(new URL(file, import.meta.url));

/** @param {string} name */
function installedVersion(name) {
  try {
    return JSON.parse(readFileSync(here(`../node_modules/${name}/package.json`), 'utf8')).version;
  } catch {
    return null;
  }
}

function gitCommit() {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      cwd: here('.'),
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return null;
  }
}

/** What the run ran on and against. */
export function machineMeta() {
  const ixEsnext = installedVersion('@reactivex/ix-esnext-esm');
  return {
    machine: {
      cpu: os.cpus()[0]?.model ?? 'unknown',
      cores: os.availableParallelism(),
      memoryGB: Math.round(os.totalmem() / 2 ** 30),
      platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    },
    node: process.version,
    date: new Date().toISOString(),
    commit: gitCommit(),
    versions: {
      funcpipe: installedVersion('funcpipe'),
      effect: installedVersion('effect'),
      ix: ixEsnext ?? installedVersion('ix'),
      rxjs: installedVersion('rxjs'),
      'streaming-iterables': installedVersion('streaming-iterables'),
    },
    ixBuild: ixEsnext === null ? 'ix (ES2015 build)' : '@reactivex/ix-esnext-esm',
  };
}

/**
 * Writes bench/results.json; returns its path.
 * @param {object} meta
 * @param {ResultRow[]} results
 */
export function writeResults(meta, results) {
  const path = here('./results.json');
  writeFileSync(path, `${JSON.stringify({ meta, results }, null, 2)}\n`);
  return path;
}

/** The results.json on disk, or undefined when there is none. */
export function readResults() {
  try {
    return JSON.parse(readFileSync(here('./results.json'), 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * Merges a full-mode run of some cases into the results of earlier full runs: the rows,
 * failures, `cannot` entries and sizes of the cases just run replace theirs; every case keeps
 * the date, commit, rounds and load of the run that measured it (`meta.caseRuns`), which
 * RESULTS.md shows beside the case. The top-level meta is the newest run's.
 * @param {any} previous the earlier results.json ({ meta, results }), from full runs only
 * @param {any} meta this run's meta
 * @param {ResultRow[]} results this run's rows
 * @param {string[]} ran the names of the cases this run measured
 */
export function mergeResults(previous, meta, results, ran) {
  const kept = (/** @type {{ case: string }} */ row) => !ran.includes(row.case);
  const runOf = { date: meta.date, commit: meta.commit, rounds: meta.rounds, loadavg: meta.loadavg, durationSeconds: meta.durationSeconds };
  const earlierRuns = previous.meta.caseRuns ?? Object.fromEntries(Object.keys(previous.meta.sizes).map((name) => [name, runOfMeta(previous.meta)]));
  return {
    meta: {
      ...meta,
      sizes: { ...previous.meta.sizes, ...meta.sizes },
      cannot: [...previous.meta.cannot.filter(kept), ...meta.cannot],
      failures: [...previous.meta.failures.filter(kept), ...meta.failures],
      caseRuns: { ...earlierRuns, ...Object.fromEntries(ran.map((name) => [name, runOf])) },
    },
    results: [...previous.results.filter(kept), ...results],
  };
}

/** @param {any} meta */
function runOfMeta(meta) {
  return { date: meta.date, commit: meta.commit, rounds: meta.rounds, loadavg: meta.loadavg, durationSeconds: meta.durationSeconds };
}

/** The `## name` sections of bench/notes.md, by name. */
function readNotes() {
  /** @type {Map<string, string>} */
  const sections = new Map();
  let name = '';
  for (const line of readFileSync(here('./notes.md'), 'utf8').split('\n')) {
    const heading = /^## (\S+)\s*$/.exec(line);
    if (heading) name = heading[1];
    else if (name !== '') sections.set(name, `${sections.get(name) ?? ''}${line}\n`);
  }
  return new Map([...sections].map(([k, v]) => [k, v.trim()]));
}

/**
 * One headline cell: the case's subjects in one column, for one metric.
 * @param {import('./lib/case.mjs').Case} benchCase
 * @param {import('./lib/case.mjs').Metric} metric
 * @param {string} column
 * @param {Map<string, ResultRow>} rows
 * @param {Set<string>} failed
 */
function cell(benchCase, metric, column, rows, failed) {
  const subjects = benchCase.subjects.filter((s) => s.column === column && s.informative !== true);
  const parts = subjects.map((s) => {
    const tag = s.tag === undefined ? '' : ` (${s.tag})`;
    if (s.cannot !== undefined) return `cannot${tag}`;
    if (failed.has(`${benchCase.name}/${s.name}`)) return `failed${tag}`;
    const row = rows.get(`${benchCase.name}/${s.name}/${metric.metric}`);
    if (row === undefined) return `n/a${tag}`;
    const text = metric.headline === 'value' || row.ratio === null ? `${fmt(row.value)} ${row.unit}` : fmtRatio(row.ratio);
    const base = s.baseline === true && metric.headline === 'ratio' ? ` (${fmt(row.value)} ${row.unit})` : '';
    return `${text}${base}${tag}`;
  });
  return parts.length === 0 ? 'n/a' : parts.join(' / ');
}

/**
 * Writes bench/RESULTS.md from a full run; returns its path.
 * @param {any} meta
 * @param {ResultRow[]} results
 * @param {import('./lib/case.mjs').Case[]} cases
 */
export function writeResultsMarkdown(meta, results, cases) {
  const notes = readNotes();
  const rows = new Map(results.map((r) => [`${r.case}/${r.subject}/${r.metric}`, r]));
  const failed = new Set(meta.failures.map((/** @type {any} */ f) => `${f.case}/${f.subject}`));
  const out = [];
  out.push('# Benchmark results', '');
  out.push(
    '<!-- Generated by `npm run bench` (bench/report.mjs) from the latest full run. Edit the analysis in',
    '     bench/notes.md, not here: the next full run rewrites this file. -->',
    '',
  );
  const m = meta.machine;
  const assembled = meta.caseRuns === undefined ? '' : 'Assembled from full-mode runs of single cases (each case below says when and at which commit it was measured); the newest: ';
  out.push(
    `${assembled}Run of ${meta.date.slice(0, 10)} at commit \`${meta.commit ?? 'unknown'}\`: ${m.cpu}, ${m.cores} cores, ` +
      `${m.memoryGB} GiB, ${m.platform}; Node ${meta.node}. ${meta.rounds} rounds (fresh child processes per ` +
      `subject), medians over every timed repetition of every round; took ${meta.durationSeconds} s. ` +
      `Load average at start ${meta.loadavg.start.map(fmt).join(', ')}, at end ${meta.loadavg.end.map(fmt).join(', ')}. ` +
      `Versions: ${Object.entries(meta.versions).map(([k, v]) => `${k} ${v}`).join(', ')}; IxJS build: ${meta.ixBuild}.`,
    '',
  );
  if (meta.failures.length > 0) {
    out.push('**This run FAILED.** These subjects crashed or computed a different checksum from their baseline:', '');
    for (const f of meta.failures) out.push(`- ${f.case} / ${f.subject}: ${f.error.split('\n')[0]}`);
    out.push('');
  }
  out.push('## Headline', '');
  out.push(
    'Ratios to the hand-written baseline of the same run (lower is better; the baseline cell also shows its',
    'absolute value); release latency in milliseconds from the stop. Raw numbers: `bench/results.json`.',
    '',
  );
  out.push(`| case | ${COLUMNS.map(([, title]) => title).join(' | ')} |`);
  out.push(`| --- | ${COLUMNS.map(() => '---').join(' | ')} |`);
  for (const c of cases) {
    for (const metric of c.metrics.filter((x) => x.headline !== 'none')) {
      const informative = c.subjects
        .filter((s) => s.informative === true && metric.headline === 'ratio')
        .map((s) => rows.get(`${c.name}/${s.name}/${metric.metric}`))
        .filter((row) => row !== undefined && row.ratio !== null)
        .map((row) => `${row?.subject} = ${fmtRatio(/** @type {number} */ (row?.ratio))}`);
      const aside = informative.length === 0 ? '' : ` (${informative.join('; ')})`;
      const title = `${c.title}, ${fmt(meta.sizes[c.name].size)} ${c.sizeUnit}: ${metric.metric}${aside}`;
      out.push(`| ${title} | ${COLUMNS.map(([column]) => cell(c, metric, column, rows, failed)).join(' | ')} |`);
    }
  }
  out.push('');
  if (notes.has('headline')) out.push(notes.get('headline') ?? '', '');

  out.push('## Cases', '');
  for (const c of cases) {
    const sz = meta.sizes[c.name];
    out.push(`### ${c.name}: ${c.title}`, '');
    const run = meta.caseRuns?.[c.name] ?? runOfMeta(meta);
    out.push(
      `Size ${fmt(sz.size)} ${c.sizeUnit}; per child ${sz.warmup} warm-up and ${sz.timed} timed run(s), ${run.rounds} rounds; ` +
        `measured ${run.date.slice(0, 16).replace('T', ' ')} UTC at commit \`${run.commit ?? 'unknown'}\`, load average ${run.loadavg.start.map(fmt).join(', ')} at start.`,
      '',
    );
    out.push(`| subject | what it runs | ${c.metrics.map((x) => `${x.metric} (${x.unit}) | ratio`).join(' | ')} |`);
    out.push(`| --- | --- | ${c.metrics.map(() => '---: | ---:').join(' | ')} |`);
    for (const s of c.subjects) {
      const what = s.cannot === undefined ? s.label : `cannot: ${s.cannot}`;
      const cells = c.metrics.map((x) => {
        const row = rows.get(`${c.name}/${s.name}/${x.metric}`);
        if (s.cannot !== undefined) return '| ';
        if (row === undefined) return failed.has(`${c.name}/${s.name}`) ? 'failed | ' : 'n/a | ';
        return `${fmt(row.value)} | ${row.ratio === null ? '' : fmtRatio(row.ratio)}`;
      });
      out.push(`| ${s.name}${s.baseline ? ' (baseline)' : ''} | ${what} | ${cells.join(' | ')} |`);
    }
    out.push('');
    if (notes.has(c.name)) out.push(notes.get(c.name) ?? '', '');
  }
  const path = here('./RESULTS.md');
  // The soak section is written by `npm run soak -- --record`, not by a bench run: keep it.
  const soak = currentSoakSection(path);
  writeFileSync(path, `${out.join('\n').trimEnd()}\n${soak === '' ? '' : `\n${soak}\n`}`);
  return path;
}
