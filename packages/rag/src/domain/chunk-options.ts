// How documents are cut into chunks, as validated data (it comes from code, a config file or a flag).

/** Chunk sizes: the unit they are counted in, the maximum size of a chunk and the overlap between neighbours. */
export interface ChunkOptions {
  /** `chars` counts UTF-16 code units; `tokens` counts gpt-tokenizer tokens (o200k_base). */
  readonly unit: 'chars' | 'tokens';
  /** The most a chunk may hold, in `unit`s: an integer >= 1. */
  readonly size: number;
  /**
   * The most two neighbouring chunks of one section may share, in `unit`s: an integer >= 0 and
   * below `size`. Neighbours share whole sentences (or words) only, so the overlap is often
   * smaller; chunks of different sections never overlap.
   */
  readonly overlap: number;
}

const FIELDS = new Set(['unit', 'size', 'overlap']);

/**
 * Checks `options` and returns them as {@link ChunkOptions}: a `TypeError` for a field of the
 * wrong type or an unknown field, a `RangeError` for a size below 1 or an overlap that is
 * negative or not below the size; each error names the field, what was expected and what came.
 */
export function checkChunkOptions(options: unknown): ChunkOptions {
  const where = 'chunkDocument';
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`${where}: expected \`options\` to be an object { unit, size, overlap }, got ${options === null ? 'null' : typeof options}`);
  }
  for (const key of Object.keys(options)) {
    if (!FIELDS.has(key)) throw new TypeError(`${where}: unknown option \`${key}\` (expected unit, size, overlap)`);
  }
  const { unit, size, overlap } = options as Record<string, unknown>;
  if (unit !== 'chars' && unit !== 'tokens') {
    throw new TypeError(`${where}: expected \`options.unit\` to be "chars" or "tokens", got ${show(unit)}`);
  }
  if (typeof size !== 'number' || !Number.isInteger(size)) throw new TypeError(`${where}: expected \`options.size\` to be an integer, got ${show(size)}`);
  if (size < 1) throw new RangeError(`${where}: expected \`options.size\` to be >= 1, got ${size}`);
  if (typeof overlap !== 'number' || !Number.isInteger(overlap)) throw new TypeError(`${where}: expected \`options.overlap\` to be an integer, got ${show(overlap)}`);
  if (overlap < 0) throw new RangeError(`${where}: expected \`options.overlap\` to be >= 0, got ${overlap}`);
  if (overlap >= size) throw new RangeError(`${where}: expected \`options.overlap\` (${overlap}) to be below \`options.size\` (${size})`);
  return { unit, size, overlap };
}

function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return `${typeof value} ${String(value)}`;
  return value === null ? 'null' : typeof value;
}
