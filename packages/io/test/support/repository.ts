import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The repository root: the nearest directory above this file that holds `marker` (the tests run
 * both from test/ with tsx and from build/test/ once compiled, so a fixed relative path would not do).
 */
export function repositoryRoot(marker: string): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, marker))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`${marker} not found above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
  return dir;
}
