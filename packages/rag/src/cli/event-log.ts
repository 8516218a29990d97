// `--events`: the ingest events as JSON lines, to a file or to stderr.
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import type { IngestEvent } from '../pipeline/ingest-event.js';

/** Where events go, and how to close it. */
export interface EventLog extends AsyncDisposable {
  write(event: IngestEvent): void;
}

/** A stream with `write`, such as `process.stderr`. */
export interface LineOutput {
  write(text: string): unknown;
}

/**
 * An event log writing one JSON object per line (the event with an ISO `time` field first):
 * to `stderr` for `-`, else to the file `target` (created or truncated). Disposing it flushes
 * and closes the file. With `target` undefined, events are dropped.
 */
export async function openEventLog(target: string | undefined, stderr: LineOutput): Promise<EventLog> {
  if (target === undefined) return { write: () => {}, [Symbol.asyncDispose]: async () => {} };
  if (target === '-') return { write: (event) => stderr.write(line(event)), [Symbol.asyncDispose]: async () => {} };
  const file: WriteStream = createWriteStream(target, { flags: 'w' });
  await once(file, 'open');
  return {
    write: (event) => file.write(line(event)),
    [Symbol.asyncDispose]: () => new Promise<void>((resolve, reject) => file.end((error?: Error | null) => (error ? reject(error) : resolve()))),
  };
}

function line(event: IngestEvent): string {
  return `${JSON.stringify({ time: new Date().toISOString(), ...event })}\n`;
}
