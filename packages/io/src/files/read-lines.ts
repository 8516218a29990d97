import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { Async, err, errInfo, ok, type AsyncGen, type ErrInfo, type Result } from 'funcpipe';
import { fileErrInfo } from '../internal/file-error.js';
import { LineSplitter, type InvalidUtf8, type LineSplitterSettings } from '../internal/line-splitter.js';
import { checkOptions, checkPath, choiceOption, integerOption, limitOption } from '../internal/validate.js';

/** The default {@link ReadLinesOptions.maxLineBytes}: 16 MiB. */
export const DEFAULT_MAX_LINE_BYTES = 16 * 2 ** 20;

/** Options of {@link readLines}. */
export interface ReadLinesOptions {
  /**
   * The longest line accepted, in bytes of the file (the terminator not counted); default 16 MiB,
   * `Infinity` for no limit. A longer line is one `Err` item (`LINE_TOO_LONG`) and is never held
   * in memory: at most `maxLineBytes + 1` of its bytes are buffered before it is skipped.
   */
  readonly maxLineBytes?: number;
  /** `'replace'` (default): invalid UTF-8 becomes U+FFFD. `'error'`: such a line is an `Err` item (`INVALID_UTF8`). */
  readonly invalidUtf8?: InvalidUtf8;
  /** The size of each read, in bytes; default 64 KiB. Two buffers of this size are reused for the whole run (one is read into ahead). */
  readonly chunkBytes?: number;
}

const WHERE = 'readLines';

/**
 * A lazy stream of the lines of a text file (UTF-8). Each run opens the file on its first pull,
 * reads it one chunk at a time, and closes it on every exit path (end of file, `break`, a throw,
 * `take`, an abort) before the consumer's exit completes; a close failure is thrown. Once the
 * lines of a chunk are handed on, the next chunk is read while they are consumed (one chunk of
 * read-ahead, no more, as a Node `ReadStream` does), so reading and processing overlap.
 *
 * Lines end at `\n`; a `\r` just before it (CRLF) is removed; the last line needs no newline; an
 * empty file has no lines; a UTF-8 byte order mark at the start is removed. Failures are `Err`
 * items carrying `path` (and the line's 0-based `index` where there is one):
 * - the file cannot be opened: one `Err` and the stream ends: `FILE_ENOENT` (no such file),
 *   `FILE_EISDIR` (a directory), `FILE_ENOTDIR` (a path under a file), `FILE_EACCES`
 *   (permission denied), `FILE_NOT_REGULAR` (a FIFO, socket or device: never opened for a
 *   blocking read), `FILE_<errno>` otherwise;
 * - a read fails midway: one `FILE_<errno>` `Err` and the stream ends;
 * - a line longer than `maxLineBytes`: `LINE_TOO_LONG`, and the stream GOES ON with the next line;
 * - invalid UTF-8 with `invalidUtf8: 'error'`: `INVALID_UTF8`, and the stream goes on.
 *
 * @example
 * ```ts
 * import { readLines } from '@funcpipe/io/files';
 * for await (const line of readLines('data.jsonl', { maxLineBytes: 1 << 20 })) {
 *   if (line.ok) handle(JSON.parse(line.value));
 *   else console.warn(line.error.code, line.error.msg);
 * }
 * ```
 */
export function readLines(path: string | URL, options?: ReadLinesOptions): AsyncGen<string, ErrInfo> {
  const file = checkPath(WHERE, 'path', path);
  const opts = checkOptions(WHERE, options);
  const chunkBytes = integerOption(WHERE, 'options.chunkBytes', opts.chunkBytes, 1, 64 * 1024);
  const settings: LineSplitterSettings = {
    where: WHERE,
    source: `'${file}'`,
    details: { path: file },
    maxLineBytes: limitOption(WHERE, 'options.maxLineBytes', opts.maxLineBytes, 1, DEFAULT_MAX_LINE_BYTES),
    invalidUtf8: choiceOption(WHERE, 'options.invalidUtf8', opts.invalidUtf8, ['replace', 'error'], 'replace'),
  };
  return Async.fromResultBatchProducer(() => new FileLines(file, chunkBytes, settings));
}

type Batch = Result<string, ErrInfo>[];
/** The outcome of one read: the bytes read into `buffer`, or the failure (never a rejection). */
type Chunk = { readonly failed: false; readonly buffer: Buffer; readonly bytesRead: number } | { readonly failed: true; readonly error: unknown };
type Step = IteratorResult<Batch, undefined>;
const DONE: Step = Object.freeze({ done: true, value: undefined });

/**
 * One run's lines, in batches: each `next()` reads until the lines of at least one chunk are
 * split (or the file ended) and yields them as one array, which the run hands on a line at a time
 * without an await per line (`Async.fromResultBatchProducer`). Before it yields, it starts the
 * read of the next chunk into its other buffer (the splitter has copied what it keeps of this
 * one), so the file is read while the batch is consumed. `next()` is never called while a
 * previous one is pending (the run guarantees it), and `return()` closes the file once, after the
 * read ahead has finished.
 */
class FileLines implements AsyncIterableIterator<Batch, undefined> {
  private handle: FileHandle | undefined;
  private splitter: LineSplitter;
  private buffers: [Buffer, Buffer] | undefined;
  /** The read started ahead, into the buffer the last chunk was not in. */
  private ahead: Promise<Chunk> | undefined;
  private position = 0;
  private finished = false;
  private closed: Promise<void> | undefined;

  constructor(
    private readonly file: string,
    private readonly chunkBytes: number,
    settings: LineSplitterSettings,
  ) {
    this.splitter = new LineSplitter(settings);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  async next(): Promise<Step> {
    if (!this.finished) {
      const batch = await this.refill();
      if (batch.length > 0) return { done: false, value: batch };
    }
    await this.close();
    return DONE;
  }

  return(): Promise<Step> {
    this.finished = true;
    return this.close().then(() => DONE);
  }

  /** Reads until at least one item is batched or the file ended (then the run is finished). */
  private async refill(): Promise<Batch> {
    const batch: Batch = [];
    const { chunkBytes } = this;
    if (this.handle === undefined) {
      const opened = await openRegularFile(WHERE, this.file);
      if (!opened.ok) return this.finish(batch, err(opened.error));
      this.handle = opened.value;
      this.buffers = [Buffer.allocUnsafe(chunkBytes), Buffer.allocUnsafe(chunkBytes)];
    }
    while (batch.length === 0) {
      const chunk = await (this.ahead ?? this.read((this.buffers as [Buffer, Buffer])[0]));
      this.ahead = undefined;
      if (chunk.failed) return this.finish(batch, err(fileErrInfo(WHERE, 'read', this.file, chunk.error, { offset: this.position })));
      const { buffer, bytesRead } = chunk;
      if (bytesRead === 0) {
        this.splitter.end(batch);
        return this.finish(batch);
      }
      this.position += bytesRead;
      this.splitter.push(bytesRead === chunkBytes ? buffer : buffer.subarray(0, bytesRead), batch);
      const [first, second] = this.buffers as [Buffer, Buffer];
      this.ahead = this.read(buffer === first ? second : first);
    }
    return batch;
  }

  /** Reads the chunk at the current position into `buffer`. */
  private read(buffer: Buffer): Promise<Chunk> {
    return (this.handle as FileHandle).read(buffer, 0, this.chunkBytes, this.position).then(
      ({ bytesRead }) => ({ failed: false, buffer, bytesRead }),
      (error: unknown) => ({ failed: true, error }),
    );
  }

  private finish(batch: Batch, last?: Result<string, ErrInfo>): Batch {
    if (last !== undefined) batch.push(last);
    this.finished = true;
    return batch;
  }

  private close(): Promise<void> {
    if (this.closed === undefined) {
      const { handle, ahead } = this;
      this.ahead = undefined;
      this.closed = handle === undefined ? Promise.resolve() : ahead === undefined ? handle.close() : ahead.then(() => handle.close());
    }
    return this.closed;
  }
}

/**
 * Opens `file` for reading, refusing anything but a regular file (as an `Err`, not a throw).
 * `O_NONBLOCK` makes opening a FIFO return at once instead of blocking a thread of the pool until
 * a writer appears; it changes nothing for regular files.
 */
async function openRegularFile(where: string, file: string): Promise<Result<FileHandle, ErrInfo>> {
  let handle: FileHandle;
  try {
    handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    return err(fileErrInfo(where, 'open', file, error));
  }
  let problem: ErrInfo | undefined;
  try {
    const stats = await handle.stat();
    if (stats.isDirectory()) problem = fileErrInfo(where, 'open', file, Object.assign(new Error('is a directory'), { code: 'EISDIR' }));
    else if (!stats.isFile()) {
      problem = errInfo('FILE_NOT_REGULAR', `${where}: cannot read '${file}': not a regular file (a FIFO, socket or device)`, { path: file, context: { op: 'open' } });
    }
  } catch (error) {
    problem = fileErrInfo(where, 'stat', file, error);
  }
  if (problem === undefined) return ok(handle);
  await handle.close();
  return err(problem);
}
