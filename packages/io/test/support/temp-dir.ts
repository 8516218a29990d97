// Temporary directories for tests that use real files, and the process's open descriptor count.
import { mkdtempSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A fresh directory under the system temp dir (`funcpipe-<prefix>-XXXXXX`); `remove()`, or
 * disposing it (`using dir = tempDir()`), deletes it with everything in it.
 */
export function tempDir(prefix = 'io'): { readonly path: string; readonly remove: () => void } & Disposable {
  const path = mkdtempSync(join(tmpdir(), `funcpipe-${prefix}-`));
  const remove = (): void => rmSync(path, { recursive: true, force: true });
  return { path, remove, [Symbol.dispose]: remove };
}

/** How many file descriptors this process has open right now (Linux: `/proc/self/fd`). */
export function openFdCount(): number {
  return readdirSync('/proc/self/fd').length;
}

/**
 * How many of this process's descriptors are open on files or directories under `dir` (Linux:
 * the targets of /proc/self/fd): unlike a plain count, sockets and pipes that pools keep open
 * between cases do not move it.
 */
export function openFilesUnder(dir: string): number {
  let n = 0;
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      if (readlinkSync(`/proc/self/fd/${fd}`).startsWith(dir)) n += 1;
    } catch {
      // closed between the listing and the look (the listing's own descriptor, for one)
    }
  }
  return n;
}
