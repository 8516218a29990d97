// Where the index lives when no `--index` / `--store` / `index` field says otherwise.
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';

/**
 * The default index file: `$XDG_DATA_HOME/funcpipe/rag/index.sqlite`, or
 * `~/.local/share/funcpipe/rag/index.sqlite` when `XDG_DATA_HOME` is unset, empty or relative
 * (the XDG base directory rules ignore a relative value).
 *
 * @example
 * ```ts
 * defaultIndexPath({ XDG_DATA_HOME: '/data' }); // '/data/funcpipe/rag/index.sqlite'
 * ```
 */
export function defaultIndexPath(env: NodeJS.ProcessEnv = process.env): string {
  const xdg = env['XDG_DATA_HOME'];
  const base = xdg !== undefined && isAbsolute(xdg) ? xdg : join(env['HOME'] ?? homedir(), '.local', 'share');
  return join(base, 'funcpipe', 'rag', 'index.sqlite');
}

/** Whether an index location names a PostgreSQL server (`postgres://` or `postgresql://`). */
export function isPostgresLocation(location: string): boolean {
  return /^postgres(ql)?:\/\//i.test(location);
}
