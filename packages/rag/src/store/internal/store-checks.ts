// Argument checks both index stores share, so both refuse the same inputs with the same errors.
import type { DocumentRecord, FailedChunk, StoredChunk } from '../index-store.js';
import type { EmbedderInfo } from '../../embed/embedder.js';
import type { Chunk } from '../../domain/chunk.js';
import { StoreError } from '../store-error.js';

/** The largest `k` a search accepts (sqlite-vec's own limit, kept on both stores so they agree). */
export const MAX_K = 4096;

/** A short description of what arrived, for an argument error. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (value instanceof Float32Array) return `a Float32Array of length ${value.length}`;
  if (typeof value === 'string') return `string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value)}`;
  if (typeof value === 'object') return `an object (${value.constructor?.name ?? 'no prototype'})`;
  return `${typeof value} ${String(value)}`;
}

function fail(where: string, field: string, expected: string, value: unknown): never {
  throw new TypeError(`${where}: expected \`${field}\` to be ${expected}, got ${describeValue(value)}`);
}

function integerField(where: string, field: string, value: unknown, min: number): void {
  if (!Number.isSafeInteger(value)) fail(where, field, `an integer >= ${min}`, value);
  if ((value as number) < min) throw new RangeError(`${where}: expected \`${field}\` to be an integer >= ${min}, got ${value as number}`);
}

function stringField(where: string, field: string, value: unknown, nonEmpty = false): void {
  if (typeof value !== 'string' || (nonEmpty && value === '')) fail(where, field, nonEmpty ? 'a non-empty string' : 'a string', value);
}

/** Checks `k` of a search: an integer from 1 to {@link MAX_K}. */
export function checkK(where: string, k: unknown): number {
  if (!Number.isSafeInteger(k)) fail(where, 'k', `an integer from 1 to ${MAX_K}`, k);
  if ((k as number) < 1 || (k as number) > MAX_K) throw new RangeError(`${where}: expected \`k\` to be an integer from 1 to ${MAX_K}, got ${k as number}`);
  return k as number;
}

/** Checks an embedder's info before it is recorded or compared. */
export function checkEmbedderInfo(where: string, info: unknown): EmbedderInfo {
  if (typeof info !== 'object' || info === null) fail(where, 'info', 'an EmbedderInfo object', info);
  const { model, dimension, normalized } = info as Partial<EmbedderInfo>;
  stringField(where, 'info.model', model, true);
  integerField(where, 'info.dimension', dimension, 1);
  if ((dimension as number) > 8192) throw new RangeError(`${where}: expected \`info.dimension\` to be at most 8192, got ${dimension as number}`);
  if (typeof normalized !== 'boolean') fail(where, 'info.normalized', 'a boolean', normalized);
  return { model: model as string, dimension: dimension as number, normalized: normalized as boolean };
}

/** Checks a manifest record. */
export function checkDocument(where: string, document: unknown): DocumentRecord {
  if (typeof document !== 'object' || document === null) fail(where, 'document', 'a DocumentRecord object', document);
  const d = document as DocumentRecord;
  stringField(where, 'document.path', d.path, true);
  stringField(where, 'document.root', d.root, true);
  integerField(where, 'document.size', d.size, 0);
  if (typeof d.mtimeMs !== 'number' || !Number.isFinite(d.mtimeMs)) fail(where, 'document.mtimeMs', 'a finite number', d.mtimeMs);
  stringField(where, 'document.hash', d.hash, true);
  return d;
}

function checkChunkFields(where: string, field: string, chunk: unknown): void {
  if (typeof chunk !== 'object' || chunk === null) fail(where, field, 'a chunk object', chunk);
  const c = chunk as Chunk;
  integerField(where, `${field}.ordinal`, c.ordinal, 0);
  stringField(where, `${field}.text`, c.text);
  if (!Array.isArray(c.headingTrail) || !c.headingTrail.every((h) => typeof h === 'string')) fail(where, `${field}.headingTrail`, 'an array of strings', c.headingTrail);
  integerField(where, `${field}.start`, c.start, 0);
  integerField(where, `${field}.end`, c.end, c.start);
  stringField(where, `${field}.textHash`, c.textHash, true);
  integerField(where, `${field}.tokens`, c.tokens, 0);
}

/**
 * Checks the chunks and failures of one document: their fields, the failures' path, and that no
 * ordinal appears twice (a chunk is either stored or failed). Vectors are checked as they are
 * written, by {@link checkVector}, inside the transaction.
 */
export function checkChunks(where: string, path: string, chunks: unknown, failures: unknown): void {
  if (!Array.isArray(chunks)) fail(where, 'chunks', 'an array of stored chunks', chunks);
  if (!Array.isArray(failures)) fail(where, 'failures', 'an array of failed chunks', failures);
  const ordinals = new Set<number>();
  const see = (field: string, ordinal: number): void => {
    if (ordinals.has(ordinal)) throw new RangeError(`${where}: \`${field}.ordinal\` ${ordinal} appears twice in the document ${path}`);
    ordinals.add(ordinal);
  };
  (chunks as unknown[]).forEach((chunk, i) => {
    checkChunkFields(where, `chunks[${i}]`, chunk);
    if (!((chunk as StoredChunk).vector instanceof Float32Array)) fail(where, `chunks[${i}].vector`, 'a Float32Array', (chunk as StoredChunk).vector);
    see(`chunks[${i}]`, (chunk as StoredChunk).ordinal);
  });
  (failures as unknown[]).forEach((failure, i) => {
    checkChunkFields(where, `failures[${i}]`, failure);
    const f = failure as FailedChunk;
    if (f.path !== path) fail(where, `failures[${i}].path`, `the document's path ${JSON.stringify(path)}`, f.path);
    stringField(where, `failures[${i}].code`, f.code, true);
    stringField(where, `failures[${i}].reason`, f.reason);
    see(`failures[${i}]`, f.ordinal);
  });
}

/** The Euclidean norm of `vector`, in double precision. */
export function norm(vector: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < vector.length; i++) sum += vector[i]! * vector[i]!;
  return Math.sqrt(sum);
}

/**
 * Checks a vector about to be written or searched with: `dimension` numbers, all finite, norm
 * above 0 (cosine similarity is undefined for a zero vector). Throws a {@link StoreError}.
 */
export function checkVector(location: string, what: string, vector: Float32Array, dimension: number): void {
  if (vector.length !== dimension) {
    throw new StoreError('DIMENSION', location, `${what} has ${vector.length} dimensions, the index holds vectors of ${dimension}`);
  }
  for (let i = 0; i < vector.length; i++) {
    if (!Number.isFinite(vector[i])) throw new StoreError('BAD_VECTOR', location, `${what} holds ${vector[i]} at position ${i}`);
  }
  if (norm(vector) === 0) throw new StoreError('BAD_VECTOR', location, `${what} is the zero vector (its cosine similarity is undefined)`);
}

/** Checks a query vector of a search: a Float32Array (then {@link checkVector}). */
export function checkQueryVector(where: string, location: string, vector: unknown, dimension: number): Float32Array {
  if (!(vector instanceof Float32Array)) fail(where, 'vector', 'a Float32Array', vector);
  checkVector(location, 'the query vector', vector, dimension);
  return vector;
}

/** Checks a list of strings (paths, text hashes). */
export function checkStrings(where: string, field: string, values: unknown): readonly string[] {
  if (!Array.isArray(values)) fail(where, field, 'an array of strings', values);
  (values as unknown[]).forEach((value, i) => stringField(where, `${field}[${i}]`, value, true));
  return values as readonly string[];
}

/** Checks a string argument. */
export function checkString(where: string, field: string, value: unknown): string {
  stringField(where, field, value);
  return value as string;
}
