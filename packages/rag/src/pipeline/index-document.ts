// One file's way into the index: read once, hash, skip when unchanged, parse, chunk, vectors
// from the cache then the embedding stage, and one commit with its failures and manifest row.
import { open } from 'node:fs/promises';
import { errInfo, type ErrInfo, type Result } from 'funcpipe';
import type { Chunk } from '../domain/chunk.js';
import { kindOf } from '../domain/kind.js';
import { parseDocument } from '../domain/parse-document.js';
import { chunkDocument } from '../domain/chunk-document.js';
import type { ChunkOptions } from '../domain/chunk-options.js';
import { sha256Hex } from '../domain/hash.js';
import type { DocumentRecord, FailedChunk, IndexStore, StoredChunk } from '../store/index-store.js';
import { fromStore } from './store-failure.js';
import type { EmbedderBinding } from './embedder-binding.js';
import type { ScannedFile } from './scan.js';

/** Embeds the chunks of one document: one `Result` per chunk, in order (rag-embed's stage). */
export type EmbedChunks = (chunks: readonly Chunk[], signal: AbortSignal) => Promise<Result<Float32Array, ErrInfo>[]>;

/** What became of one file. */
export type DocumentOutcome =
  | { readonly outcome: 'skipped' }
  | { readonly outcome: 'indexed'; readonly chunks: number; readonly failedChunks: number; readonly cacheHits: number; readonly embedded: number }
  | { readonly outcome: 'failed'; readonly error: ErrInfo };

/** What {@link indexDocument} needs. */
export interface IndexDocumentParts {
  readonly store: IndexStore;
  /** Records the embedder in the index before the cache is read or a document committed. */
  readonly binding: EmbedderBinding;
  readonly embed: EmbedChunks;
  readonly chunking: ChunkOptions;
  /** Hash files whose size and mtime match the manifest too (see the `verifyHash` config field). */
  readonly verifyHash: boolean;
}

/**
 * Brings one scanned file up to date in the index. A file failure (not a regular file, an
 * unsupported extension, vanished, unreadable, binary, malformed) is a `failed` outcome, never
 * a throw. Throws `StoreFailure` when the index fails, the embedding stage's stop error
 * when it stops the run, and the signal's reason when aborted before the commit. The commit
 * happens only after every vector exists, and is the last step: a document is committed whole
 * or not at all.
 */
export async function indexDocument(file: ScannedFile, parts: IndexDocumentParts, signal: AbortSignal): Promise<DocumentOutcome> {
  if (file.kind !== 'file') return failed('DOC_NOT_REGULAR', `'${file.path}' is not a regular file (a FIFO, socket or device); not read`, file.path);
  const kind = kindOf(file.path);
  if (kind === undefined) return failed('DOC_UNSUPPORTED', `'${file.path}' has no supported extension`, file.path);
  const previous = await fromStore(() => parts.store.document(file.path));
  const read = await readWhole(file.path, previous, parts.verifyHash, signal);
  if ('error' in read) return { outcome: 'failed', error: read.error };
  if (read.bytes === undefined) return { outcome: 'skipped' };
  const record: DocumentRecord = { path: file.path, root: file.root, size: read.size, mtimeMs: read.mtimeMs, hash: sha256Hex(read.bytes) };
  if (previous !== undefined && previous.hash === record.hash && previous.size === record.size && previous.mtimeMs === record.mtimeMs) return { outcome: 'skipped' };
  const parsed = await parseDocument(kind, read.bytes);
  if (!parsed.ok) return { outcome: 'failed', error: { ...parsed.error, path: file.path } };
  const chunks = chunkDocument(parsed.value, parts.chunking);
  signal.throwIfAborted();
  const vectors = await vectorsOf(chunks, parts, signal);
  const stored: StoredChunk[] = [];
  const failures: FailedChunk[] = [];
  chunks.forEach((chunk) => {
    const vector = vectors.found.get(chunk.textHash);
    if (vector !== undefined) stored.push({ ...chunk, vector });
    else {
      const error = vectors.failed.get(chunk.textHash) ?? errInfo('EMBED_MISSING', 'no vector was produced for this chunk');
      failures.push({ ...chunk, path: file.path, code: error.code, reason: error.msg });
    }
  });
  signal.throwIfAborted();
  await parts.binding.beforeCommit(signal);
  await fromStore(() => parts.store.commitDocument(record, stored, failures));
  return { outcome: 'indexed', chunks: stored.length, failedChunks: failures.length, cacheHits: vectors.cacheHits, embedded: vectors.embedded };
}

function failed(code: string, msg: string, path: string): DocumentOutcome {
  return { outcome: 'failed', error: errInfo(code, msg, { path }) };
}

type Read = { readonly size: number; readonly mtimeMs: number; readonly bytes: Uint8Array | undefined } | { readonly error: ErrInfo };

/**
 * Opens the file once: `fstat` on the open handle (so size and mtime describe the bytes read),
 * then, unless size and mtime match the manifest (and `verifyHash` is off), reads it whole.
 * `bytes` is `undefined` for a file skipped without reading.
 */
async function readWhole(path: string, previous: DocumentRecord | undefined, verifyHash: boolean, signal: AbortSignal): Promise<Read> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    return { error: fileError(path, 'open', error) };
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) return { error: errInfo('DOC_NOT_REGULAR', `'${path}' is not a regular file; not read`, { path }) };
    const unchanged = previous !== undefined && previous.size === stats.size && previous.mtimeMs === stats.mtimeMs;
    if (unchanged && !verifyHash) return { size: stats.size, mtimeMs: stats.mtimeMs, bytes: undefined };
    const buffer = await handle.readFile({ signal });
    // A plain Uint8Array view of the same memory: pdfjs refuses a Buffer.
    return { size: stats.size, mtimeMs: stats.mtimeMs, bytes: new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength) };
  } catch (error) {
    signal.throwIfAborted();
    return { error: fileError(path, 'read', error) };
  } finally {
    await handle.close();
  }
}

function fileError(path: string, op: string, error: unknown): ErrInfo {
  const errno = (error as { code?: unknown }).code;
  const code = typeof errno === 'string' ? errno : 'EIO';
  const what = code === 'ENOENT' ? 'it vanished (no such file)' : error instanceof Error ? error.message : String(error);
  return errInfo(`FILE_${code}`, `cannot ${op} '${path}': ${what}`, { path, cause: error });
}

interface Vectors {
  readonly found: Map<string, Float32Array>;
  readonly failed: Map<string, ErrInfo>;
  readonly cacheHits: number;
  readonly embedded: number;
}

/** The cache first; the chunks it lacks (each distinct text once) through the embedding stage. */
async function vectorsOf(chunks: readonly Chunk[], parts: IndexDocumentParts, signal: AbortSignal): Promise<Vectors> {
  const hashes = [...new Set(chunks.map((c) => c.textHash))];
  const cached = hashes.length > 0 && (await parts.binding.beforeCache());
  const found = cached ? await fromStore(() => parts.store.cachedVectors(hashes)) : new Map<string, Float32Array>();
  const cacheHits = chunks.filter((c) => found.has(c.textHash)).length;
  const missing: Chunk[] = [];
  const queued = new Set<string>();
  for (const chunk of chunks) {
    if (found.has(chunk.textHash) || queued.has(chunk.textHash)) continue;
    queued.add(chunk.textHash);
    missing.push(chunk);
  }
  const failedVectors = new Map<string, ErrInfo>();
  let embedded = 0;
  if (missing.length > 0) {
    const results = await parts.embed(missing, signal);
    results.forEach((result, i) => {
      const hash = (missing[i] as Chunk).textHash;
      if (result.ok) {
        found.set(hash, result.value);
        embedded++;
      } else failedVectors.set(hash, result.error);
    });
  }
  return { found, failed: failedVectors, cacheHits, embedded };
}
