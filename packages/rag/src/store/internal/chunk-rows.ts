// The columns both stores keep for a chunk (same names on SQLite and PostgreSQL), and their mapping back.
import type { FailedChunk } from '../index-store.js';

/** A chunk row as both stores select it. */
export interface ChunkRow {
  path: string;
  ordinal: number;
  text: string;
  /** JSON array of the heading trail. */
  heading_trail: string;
  start_offset: number;
  end_offset: number;
}

/** The chunk fields of a hit or failure, from its row. */
export function hitFields(row: ChunkRow): { ordinal: number; text: string; headingTrail: string[]; start: number; end: number } {
  return { ordinal: row.ordinal, text: row.text, headingTrail: JSON.parse(row.heading_trail) as string[], start: row.start_offset, end: row.end_offset };
}

/** A failure row as both stores select it. */
export interface FailureRow extends ChunkRow {
  text_hash: string;
  tokens: number;
  code: string;
  reason: string;
}

/** The failure record of its row. */
export function failureFields(row: FailureRow): FailedChunk {
  return { ...hitFields(row), path: row.path, textHash: row.text_hash, tokens: row.tokens, code: row.code, reason: row.reason };
}
