// A named pipe (FIFO) for tests: a directory entry that cannot be read like a file (opening it
// blocks), which even root cannot read, unlike a chmod 000 file.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

/** Creates a FIFO at `path` (with `mkfifo`, as Node has no binding for it), and its parent directories. */
export function mkfifoSync(path: string): void {
  mkdirSync(dirname(path), { recursive: true });
  execFileSync('mkfifo', [path]);
}
