// A chunk: the unit that is embedded, stored and returned by a query. Pure data.

/** One chunk of a document, ready to embed. */
export interface Chunk {
  /** Position of the chunk in its document, from 0. */
  readonly ordinal: number;
  /** The text that is embedded and indexed. */
  readonly text: string;
  /** The headings above the chunk, outermost first (`["Guide", "Install"]`). */
  readonly headingTrail: readonly string[];
  /** Offsets `[start, end)` in the parsed document's `source` (UTF-16 code units). */
  readonly start: number;
  readonly end: number;
  /** Hex SHA-256 of `text`: the embedding cache key (with the model and dimension). */
  readonly textHash: string;
  /** Token count of `text` with the configured tokenizer (characters when chunking by characters). */
  readonly tokens: number;
}
