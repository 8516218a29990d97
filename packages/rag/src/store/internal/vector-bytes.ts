// Vectors as bytes: float32, in the machine's byte order (little-endian on every platform Node
// ships for but s390x), which is what sqlite-vec reads and what the PostgreSQL store keeps in bytea.

/** The bytes of `vector`, without a copy. */
export function vectorBytes(vector: Float32Array): Buffer {
  return Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength);
}

/** The vector in `bytes` (a copy when the bytes are not 4-byte aligned in their buffer). */
export function vectorFromBytes(bytes: Uint8Array): Float32Array {
  if (bytes.byteOffset % 4 === 0) return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength >>> 2);
  return new Float32Array(bytes.slice().buffer, 0, bytes.byteLength >>> 2);
}
