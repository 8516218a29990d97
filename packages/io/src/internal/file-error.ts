import { errInfo, type ErrInfo } from 'funcpipe';

/** What the file adapters were doing when a system call failed (named in the message). */
export type FileOperation = 'open' | 'read' | 'stat' | 'list' | 'write' | 'sync' | 'rename' | 'close';

const PHRASES: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or directory',
  EISDIR: 'is a directory, not a file',
  ENOTDIR: 'a path component is not a directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ELOOP: 'too many levels of symbolic links',
  EMFILE: 'too many open files',
  ENOSPC: 'no space left on device',
  EEXIST: 'already exists',
};

/** The `code` of a Node.js system error (`'ENOENT'`), or `'EIO'` when it has none. */
export function errnoOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : 'EIO';
}

/**
 * The {@link ErrInfo} of a failed file-system call: code `FILE_<errno>` (`FILE_ENOENT`,
 * `FILE_EISDIR`, `FILE_EACCES`, ...), a message naming what failed and where, `path`, the thrown
 * error as `cause`, and `context: { op, errno }`.
 */
export function fileErrInfo(where: string, op: FileOperation, path: string, error: unknown, extra: Readonly<Record<string, unknown>> = {}): ErrInfo {
  const errno = errnoOf(error);
  const phrase = PHRASES[errno] ?? (error instanceof Error ? error.message : String(error));
  return errInfo(`FILE_${errno}`, `${where}: cannot ${op} '${path}': ${phrase} (${errno})`, {
    path,
    cause: error,
    context: { op, errno, ...extra },
  });
}

/** An `Error` carrying a {@link fileErrInfo} (for failures that end a sink rather than an item). */
export class FileError extends Error {
  override readonly name = 'FileError';
  /** The structured form of this failure. */
  readonly info: ErrInfo;
  constructor(info: ErrInfo) {
    super(info.msg, { cause: info.cause });
    this.info = info;
  }
}
