import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { AsyncDisposableStack, err, ok, type AsyncGen, type Result } from 'funcpipe';
import { FileError, fileErrInfo, errnoOf, type FileOperation } from '../internal/file-error.js';
import { checkOptions, checkPath, checkSignal, describe, integerOption, limitOption } from '../internal/validate.js';

/** Options of {@link toFileAtomic}. */
export interface ToFileAtomicOptions {
  /** Aborting it stops the run and the write: the temporary file is removed, the target untouched. */
  readonly signal?: AbortSignal;
  /** The run's close deadline (see `RunOptions.closeTimeoutMs`); default 5,000 ms. */
  readonly closeTimeoutMs?: number;
  /** Permission bits of the new file (before the umask); default `0o666`. */
  readonly mode?: number;
}

/** What {@link toFileAtomic} wrote. */
export interface AtomicWriteSummary {
  readonly path: string;
  readonly bytes: number;
  /** How many items (strings or byte arrays) were written. */
  readonly items: number;
}

const WHERE = 'toFileAtomic';
const FLUSH_BYTES = 64 * 1024;

/**
 * A sink that writes a stream of strings (UTF-8) or byte arrays to `path` atomically: into a
 * temporary file in the same directory (`.<name>.<random>.tmp`, created exclusively), flushed
 * to disk (`fsync`), then renamed over `path`, and the directory synced, so readers see the old
 * file or the complete new one, never a part. Items are written in batches of about 64 KiB.
 *
 * Resolves `Ok({ path, bytes, items })` once the file is in place, or `Err(e)` at the FIRST `Err`
 * item (as `Async.fold` does), having written nothing to `path`. Rejects with a `FileError`
 * (its `info` an `ErrInfo` with code `FILE_<errno>` naming the file) when the file system fails,
 * with `signal.reason` on abort, or with what a stage of the stream threw. On every one of these
 * paths the temporary file is closed and removed before the promise settles; only a crash of the
 * process itself can leave a `.tmp` file behind (never a partial `path`).
 *
 * @example
 * ```ts
 * const written = await pipe(records, Async.map((r) => JSON.stringify(r) + '\n'), toFileAtomic('out.jsonl'));
 * ```
 */
export function toFileAtomic(path: string | URL, options?: ToFileAtomicOptions): <E>(gen: AsyncGen<string | Uint8Array, E>) => Promise<Result<AtomicWriteSummary, E>> {
  const target = checkPath(WHERE, 'path', path);
  const opts = checkOptions(WHERE, options);
  checkSignal(WHERE, opts.signal);
  const mode = integerOption(WHERE, 'options.mode', opts.mode, 0, 0o666);
  const closeTimeoutMs = limitOption(WHERE, 'options.closeTimeoutMs', opts.closeTimeoutMs, 0, 5_000);
  const run = { closeTimeoutMs, ...(opts.signal === undefined ? {} : { signal: opts.signal }) };
  return async <E>(gen: AsyncGen<string | Uint8Array, E>): Promise<Result<AtomicWriteSummary, E>> => {
    opts.signal?.throwIfAborted();
    const directory = dirname(target);
    // node:crypto is loaded on the first write, not with the module (about 2.4 MB resident).
    const { randomBytes } = await import('node:crypto');
    const temp = join(directory, `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
    const handle = await attempt('open', temp, () => open(temp, 'wx', mode));
    await using cleanup = new AsyncDisposableStack();
    let placed = false;
    let closed = false;
    cleanup.defer(() => (placed ? undefined : rm(temp, { force: true })));
    cleanup.defer(() => (closed ? undefined : handle.close()));
    const writer = new BatchWriter(handle, temp);
    for await (const item of gen.iterate(run)) {
      if (!item.ok) return err(item.error);
      await writer.write(item.value);
    }
    await writer.flush();
    await attempt('sync', temp, () => handle.sync());
    closed = true;
    await attempt('close', temp, () => handle.close());
    await attempt('rename', target, () => rename(temp, target));
    placed = true;
    await syncDirectory(directory);
    return ok({ path: target, bytes: writer.bytes, items: writer.items });
  };
}

/** Collects items into batches of about {@link FLUSH_BYTES} and writes each with one call. */
class BatchWriter {
  bytes = 0;
  items = 0;
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;

  constructor(
    private readonly handle: FileHandle,
    private readonly temp: string,
  ) {}

  async write(value: unknown): Promise<void> {
    let chunk: Uint8Array;
    if (typeof value === 'string') chunk = Buffer.from(value, 'utf8');
    else if (value instanceof Uint8Array) chunk = value;
    else throw new TypeError(`${WHERE}: expected item ${this.items} to be a string or a Uint8Array, got ${describe(value)}`);
    this.items++;
    this.pending.push(chunk);
    this.pendingBytes += chunk.byteLength;
    if (this.pendingBytes >= FLUSH_BYTES) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.pendingBytes === 0) return;
    const batch = this.pending.length === 1 ? (this.pending[0] as Uint8Array) : Buffer.concat(this.pending, this.pendingBytes);
    this.pending = [];
    this.pendingBytes = 0;
    await attempt('write', this.temp, () => this.handle.write(batch));
    this.bytes += batch.byteLength;
  }
}

/** Runs a file-system call, turning its failure into a {@link FileError} naming the file. */
async function attempt<R>(op: FileOperation, path: string, call: () => Promise<R>): Promise<R> {
  try {
    return await call();
  } catch (error) {
    throw new FileError(fileErrInfo(WHERE, op, path, error));
  }
}

/** Makes the rename durable: fsync of the directory (skipped where the platform refuses it). */
async function syncDirectory(directory: string): Promise<void> {
  let handle: FileHandle;
  try {
    handle = await open(directory, 'r');
  } catch (error) {
    if (errnoOf(error) === 'EISDIR' || errnoOf(error) === 'EPERM') return; // Windows cannot open a directory
    throw new FileError(fileErrInfo(WHERE, 'sync', directory, error));
  }
  try {
    await handle.sync();
  } catch (error) {
    if (errnoOf(error) !== 'EINVAL') throw new FileError(fileErrInfo(WHERE, 'sync', directory, error));
  } finally {
    await handle.close();
  }
}
