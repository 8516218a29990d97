// The soak section of bench/RESULTS.md: written by `npm run soak -- --record` (scripts/soak.mjs)
// and kept as it is when the bench writer (bench/report.mjs) regenerates the rest of the file.
// It sits between two marker comments, at the end of the file.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const START = '<!-- soak:start (written by `npm run soak -- --record`; kept by the bench writer) -->';
const END = '<!-- soak:end -->';

/** The path of bench/RESULTS.md. */
export const RESULTS_PATH = fileURLToPath(new URL('../RESULTS.md', import.meta.url));

/**
 * The soak section of `text` (markers included), or '' when it has none.
 * @param {string} text
 */
export function soakSection(text) {
  const from = text.indexOf(START);
  const to = text.indexOf(END, from);
  return from < 0 || to < 0 ? '' : text.slice(from, to + END.length);
}

/**
 * The soak section of the RESULTS.md on disk, or '' (no file, no section).
 * @param {string} [path]
 */
export function currentSoakSection(path = RESULTS_PATH) {
  return existsSync(path) ? soakSection(readFileSync(path, 'utf8')) : '';
}

/** @param {number} n @param {number} [digits] */
const num = (n, digits = 2) => (Number.isInteger(n) ? String(n) : n.toFixed(digits));

/**
 * The section for one soak summary (what scripts/soak.mjs prints).
 * @param {any} summary
 * @param {string} date ISO date of the run
 */
export function formatSoakSection(summary, date) {
  const rows = Object.entries(summary.trends).map(
    ([metric, t]) => `| ${metric} | ${num(t.first)} -> ${num(t.last)} | ${num(t.slopePerMinute, 4)} | ${num(t.projectedGrowth, 3)} | ${num(t.limit)} | ${t.ok ? 'ok' : 'UP'} |`,
  );
  const stops = Object.entries(summary.stops).map(([how, n]) => `${how} ${n.toLocaleString('en')}`).join(', ');
  return [
    START,
    '## Soak',
    '',
    `Run of ${date.slice(0, 16).replace('T', ' ')} UTC, ${summary.minutes} minutes, Node ${process.version}: ${summary.runs.toLocaleString('en')} pipelines ` +
      `(PostgreSQL result sets, file lines, directory walks, file bytes, socket lines, pool leases, and gather/mapAsync/andThen/zip of them), ` +
      `${summary.items.toLocaleString('en')} items; stopped by ${stops}. ${summary.samples} samples (one a second, each after a GC), the first 20% as warm-up. ` +
      `Verdict: ${summary.failed ? 'FAILED (something trends up)' : 'nothing trends up'}.`,
    '',
    '| metric | first -> last (measured part) | fitted slope per minute | projected growth | tolerance | |',
    '| --- | --- | ---: | ---: | ---: | --- |',
    ...rows,
    '',
    'RSS and heap in MB; fds from /proc/self/fd; poolSize/poolInUse: the funcpipe pool of file handles; pgPoolSize/pgLeased/pgWaiting: the pg.Pool; ' +
      'pgSessions/pgBusy: server sessions of the soak in pg_stat_activity, and those not idle; connections: the socket server\'s open connections.',
    END,
  ].join('\n');
}

/**
 * Writes `summary` as the soak section of bench/RESULTS.md (replacing the previous one); returns the path.
 * @param {any} summary
 * @param {string} [path]
 */
export function recordSoak(summary, path = RESULTS_PATH) {
  const text = existsSync(path) ? readFileSync(path, 'utf8') : '# Benchmark results\n';
  const old = soakSection(text);
  const section = formatSoakSection(summary, new Date().toISOString());
  const next = old === '' ? `${text.trimEnd()}\n\n${section}\n` : text.replace(old, section);
  writeFileSync(path, next);
  return path;
}
