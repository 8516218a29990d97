// Temporary directories for tests that use real files, and the process's open descriptor count.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh directory under the system temp dir; removed (with everything in it) on dispose. */
export function tempDir(prefix = 'funcpipe-io-'): { readonly path: string } & Disposable {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return {
    path,
    [Symbol.dispose]: () => rmSync(path, { recursive: true, force: true }),
  };
}

/** How many file descriptors this process has open right now (Linux: `/proc/self/fd`). */
export function openFdCount(): number {
  return readdirSync('/proc/self/fd').length;
}
