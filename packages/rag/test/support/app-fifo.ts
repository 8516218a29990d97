// A named pipe (FIFO) for tests: a directory entry that cannot be read like a file (opening it
// blocks), which even root cannot read, unlike a chmod 000 file.
import { execFileSync } from 'node:child_process';

/** Creates a FIFO at `path` (with `mkfifo`, as Node has no binding for it). */
export function mkfifoSync(path: string): void {
  execFileSync('mkfifo', [path]);
}
