// Progress on stderr: a bar with rate and ETA on a TTY, periodic plain lines otherwise, nothing when quiet.
import cliProgress from 'cli-progress';
import type { IngestEvent } from '../pipeline/ingest-event.js';

/** What the progress display is told. */
export interface Progress {
  /** The number of files to expect, once a counting scan knows it. */
  total(files: number): void;
  event(event: IngestEvent): void;
  /** Removes the bar (or prints nothing more); called before the summary. */
  stop(): void;
}

/** A stream progress is written to. */
export interface ProgressOutput {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

/** How progress is shown: `auto` picks `bar` on a TTY, `lines` otherwise. */
export type ProgressMode = 'auto' | 'bar' | 'lines' | 'none';

/** Options of {@link createProgress}. */
export interface ProgressOptions {
  readonly mode: ProgressMode;
  readonly output: ProgressOutput;
  /** Milliseconds between plain lines (default 2,000). */
  readonly intervalMs?: number;
}

class Counts {
  done = 0;
  indexed = 0;
  skipped = 0;
  failed = 0;
  chunks = 0;
  total: number | undefined;
  readonly started = performance.now();

  count(event: IngestEvent): boolean {
    if (event.type !== 'document') return false;
    this.done++;
    this[event.outcome]++;
    this.chunks += event.chunks;
    return true;
  }

  rate(): number {
    const seconds = (performance.now() - this.started) / 1_000;
    return seconds > 0 ? this.done / seconds : 0;
  }

  line(): string {
    const of = this.total === undefined ? '' : ` of ${this.total}`;
    return `ingest: ${this.done}${of} files (${this.indexed} indexed, ${this.skipped} skipped, ${this.failed} failed), ${this.chunks} chunks, ${this.rate().toFixed(1)} files/s\n`;
  }
}

/**
 * The progress display of `funcpipe rag ingest`. `bar`: a cli-progress bar (files done of the
 * counted total, rate, ETA); `lines`: a plain line every `intervalMs`, for logs and pipes;
 * `none`: nothing.
 */
export function createProgress(options: ProgressOptions): Progress {
  const mode = options.mode === 'auto' ? (options.output.isTTY === true ? 'bar' : 'lines') : options.mode;
  if (mode === 'none') return { total: () => {}, event: () => {}, stop: () => {} };
  const counts = new Counts();
  if (mode === 'lines') return linesProgress(counts, options.output, options.intervalMs ?? 2_000);
  return barProgress(counts, options.output);
}

function linesProgress(counts: Counts, output: ProgressOutput, intervalMs: number): Progress {
  let changed = false;
  const timer = setInterval(() => {
    if (!changed) return;
    changed = false;
    output.write(counts.line());
  }, intervalMs);
  timer.unref();
  return {
    total: (files) => {
      counts.total = files;
    },
    event: (event) => {
      if (counts.count(event)) changed = true;
    },
    stop: () => clearInterval(timer),
  };
}

function barProgress(counts: Counts, output: ProgressOutput): Progress {
  const bar = new cliProgress.SingleBar(
    {
      stream: output as NodeJS.WritableStream,
      format: 'ingest [{bar}] {percentage}% | {value}/{total} files | {rate} files/s | ETA {eta_formatted} | {chunks} chunks',
      hideCursor: true,
      clearOnComplete: true,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  // Until the counting scan is done, the total grows with the files seen.
  bar.start(1, 0, { rate: '0.0', chunks: 0 });
  return {
    total: (files) => {
      counts.total = files;
      bar.setTotal(Math.max(files, counts.done, 1));
    },
    event: (event) => {
      if (!counts.count(event)) return;
      if (counts.total === undefined || counts.done > counts.total) bar.setTotal(counts.done + 1);
      bar.update(counts.done, { rate: counts.rate().toFixed(1), chunks: counts.chunks });
    },
    stop: () => bar.stop(),
  };
}
