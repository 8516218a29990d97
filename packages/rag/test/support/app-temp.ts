// Temporary directories and files for the rag-app tests (pipeline, CLI, end to end).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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
