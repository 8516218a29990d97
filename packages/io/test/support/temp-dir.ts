import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh temporary directory, and the function that deletes it with everything in it. */
export function tempDir(prefix: string): { readonly path: string; readonly remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), `funcpipe-${prefix}-`));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}
