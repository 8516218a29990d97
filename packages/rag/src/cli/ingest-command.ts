// `funcpipe rag ingest <dir...>`: the ingest with progress, events, signals and the summary.
import { Async, pipe } from 'funcpipe';
import type { ResolvedConfig } from '../config/load-config.js';
import { distinctRoots, ingest } from '../pipeline/ingest.js';
import type { IngestSummary } from '../pipeline/ingest-summary.js';
import { scanRoot } from '../pipeline/scan.js';
import type { CliIo } from './cli-io.js';
import { openEventLog } from './event-log.js';
import { EXIT } from './exit-codes.js';
import { formatIngestSummary } from './format-summary.js';
import { createProgress } from './progress.js';
import { runSignal } from './run-signal.js';

/** Runs an ingest for the CLI and prints its summary; resolves with the exit code. */
export async function ingestCommand(config: ResolvedConfig, roots: readonly string[], io: CliIo): Promise<number> {
  using stop = runSignal(io);
  const { output } = config;
  const mode = output.quiet || output.json ? (output.progress === 'auto' ? 'none' : output.progress) : output.progress;
  const progress = createProgress({ mode, output: io.stderr });
  await using events = await openEventLog(output.events, io.stderr);
  // The total for the bar's percentage and ETA comes from a first, cheap scan (directory
  // listings only, no file opened), run before the ingest: run beside it, it would get one
  // event-loop turn per listing between CPU-heavy documents and finish only at the end.
  if (mode !== 'none') progress.total(await countFiles(distinctRoots(roots), config, stop.signal).catch(() => 0));
  let summary: IngestSummary;
  try {
    summary = await ingest(config, {
      roots,
      signal: stop.signal,
      onEvent: (event) => {
        progress.event(event);
        events.write(event);
      },
    });
  } finally {
    progress.stop();
  }
  if (output.json) io.stdout.write(`${JSON.stringify(summary)}\n`);
  else if (!output.quiet) io.stdout.write(formatIngestSummary(summary));
  return exitCodeOf(summary, stop.exitCode());
}

/** The exit code an ingest summary calls for. */
export function exitCodeOf(summary: IngestSummary, interruptedCode: number): number {
  switch (summary.stopped?.reason) {
    case 'interrupted':
      return interruptedCode;
    case 'quota':
      return EXIT.quota;
    case 'breaker':
      return EXIT.breaker;
    case 'auth':
      return EXIT.unavailable;
    default:
      return summary.documents.failed > 0 || summary.chunks.failed > 0 ? EXIT.failures : EXIT.ok;
  }
}

/** A second, cheap scan (no file is opened) that counts the files, for the progress bar's total and ETA. */
async function countFiles(roots: readonly string[], config: ResolvedConfig, signal: AbortSignal): Promise<number> {
  let files = 0;
  for (const root of roots) files += await pipe(scanRoot(root, config), Async.drain({ signal }));
  return files;
}
