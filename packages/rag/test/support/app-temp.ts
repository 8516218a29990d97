// Temporary directories and files for the rag-app tests (pipeline, CLI, end to end).
import { mkdirSync, mkdtempSync, readdirSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** A fresh directory under the system temp dir; disposing it deletes it with everything in it. */
export function appTempDir(prefix = 'rag-app'): { readonly path: string } & Disposable {
  const path = mkdtempSync(join(tmpdir(), `funcpipe-${prefix}-`));
  return { path, [Symbol.dispose]: () => rmSync(path, { recursive: true, force: true }) };
}

/** Writes `files` (relative path -> content) under `root`, creating directories as needed. */
export function writeTree(root: string, files: Readonly<Record<string, string | Uint8Array>>): void {
  for (const [relative, content] of Object.entries(files)) {
    const path = join(root, relative);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
  }
}

/** How many of this process's file descriptors point under `dir` (Linux `/proc/self/fd`). */
export function openFilesUnder(dir: string): number {
  let open = 0;
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      if (readlinkSync(`/proc/self/fd/${fd}`).startsWith(dir)) open++;
    } catch {
      // closed between the listing and the look (the listing's own descriptor, for one)
    }
  }
  return open;
}
