// Content hashes: the manifest's file hash and the embedding cache's chunk text hash.
import { createHash } from 'node:crypto';

/**
 * Hex SHA-256 of `data` (a string is hashed as its UTF-8 bytes).
 *
 * @example
 * ```ts
 * sha256Hex('abc'); // 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'
 * ```
 */
export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}
