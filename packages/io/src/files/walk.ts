import type { Dirent } from 'node:fs';
import { readdir, stat, lstat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Async, err, errInfo, ok, type AsyncGen, type ErrInfo, type Result } from 'funcpipe';
import { fileErrInfo } from '../internal/file-error.js';
import { booleanOption, checkOptions, checkPath, describe, limitOption } from '../internal/validate.js';

/** What a {@link walk} entry is (after following a symlink when `followSymlinks` is on). */
export type WalkEntryKind = 'file' | 'directory' | 'symlink' | 'other';

/** One entry found by {@link walk}. */
export interface WalkEntry {
  /** The entry's path: the root joined with `relativePath`. */
  readonly path: string;
  /** The path below the root, with `/` separators: what the globs are matched against. */
  readonly relativePath: string;
  readonly kind: WalkEntryKind;
  /** 1 for the root's children, 2 for theirs, ... */
  readonly depth: number;
}

/** Options of {@link walk}. */
export interface WalkOptions {
  /** Glob(s) an entry's `relativePath` must match to be emitted (default: everything). Directories are entered whether or not they match. */
  readonly include?: string | readonly string[];
  /** Glob(s) of entries to leave out; an excluded directory is not entered at all. */
  readonly exclude?: string | readonly string[];
  /** Emit directories as entries too (default `false`: only non-directories). */
  readonly directories?: boolean;
  /** Follow symbolic links (default `false`: a link is emitted as kind `'symlink'` and never entered). */
  readonly followSymlinks?: boolean;
  /** How deep to go: 1 lists the root only; default `Infinity`. */
  readonly maxDepth?: number;
}

const WHERE = 'walk';

type Matcher = (relativePath: string) => boolean;

/** A directory being walked: its sorted entries and how far the walk has gone through them. */
interface Frame {
  readonly path: string;
  readonly relativePath: string;
  readonly depth: number;
  readonly ancestors: Ancestor | undefined;
  readonly entries: Dirent[];
  next: number;
}

/** The identities of the directories from the root down to a frame (for loop detection). */
interface Ancestor {
  readonly id: string;
  readonly parent: Ancestor | undefined;
}

/**
 * A lazy, depth-first walk of a directory tree, in a stable order: the entries of each
 * directory sorted by name (by UTF-16 code units, the same on every machine), each directory's
 * contents right after it. Each run lists one directory at a time with `readdir`, which holds a
 * descriptor only for the duration of that call, so the number of open handles is bounded
 * (at most one) whatever the size or depth of the tree, and no handle outlives an early stop.
 * Memory: the sorted sibling lists along the current path.
 *
 * Globs (picomatch, with `dot: true`: hidden files are ordinary names) are matched against the
 * entry's `relativePath`. With `followSymlinks`, a link to a directory that is already on the
 * path from the root (a loop) is reported and not entered.
 *
 * Failures are `Err` items carrying `path`, and the walk GOES ON with the next entry:
 * `FILE_EACCES` (a directory that cannot be listed), `FILE_ENOENT` (an entry removed during the
 * walk, or a dangling link when following links), `FILE_ELOOP` (a link to itself),
 * `WALK_SYMLINK_LOOP` (a link to one of its own ancestors). A root that cannot be listed is one
 * `Err` (`FILE_ENOENT`, `FILE_ENOTDIR` for a file, `FILE_EACCES`) and the stream ends.
 *
 * @example
 * ```ts
 * import { walk } from '@funcpipe/io/files';
 * const docs = walk('docs', { include: '**\/*.md', exclude: ['**\/node_modules', '.git'] });
 * for await (const entry of docs) if (entry.ok) console.log(entry.value.relativePath);
 * ```
 */
export function walk(root: string | URL, options?: WalkOptions): AsyncGen<WalkEntry, ErrInfo> {
  const rootPath = checkPath(WHERE, 'root', root);
  const opts = checkOptions(WHERE, options);
  const settings: WalkSettings = {
    include: matcherOf('options.include', opts.include),
    exclude: matcherOf('options.exclude', opts.exclude),
    directories: booleanOption(WHERE, 'options.directories', opts.directories, false),
    followSymlinks: booleanOption(WHERE, 'options.followSymlinks', opts.followSymlinks, false),
    maxDepth: limitOption(WHERE, 'options.maxDepth', opts.maxDepth, 1, Infinity),
  };
  return Async.fromResultProducer(() => walkTree(rootPath, settings));
}

interface WalkSettings {
  readonly include: Matcher | undefined;
  readonly exclude: Matcher | undefined;
  readonly directories: boolean;
  readonly followSymlinks: boolean;
  readonly maxDepth: number;
}

function matcherOf(name: string, globs: unknown): Matcher | undefined {
  if (globs === undefined) return undefined;
  const list = typeof globs === 'string' ? [globs] : globs;
  if (!Array.isArray(list) || list.length === 0 || !list.every((g) => typeof g === 'string' && g.length > 0)) {
    throw new TypeError(`${WHERE}: expected \`${name}\` to be a glob string or a non-empty array of them, got ${describe(globs)}`);
  }
  return loadPicomatch()(list as string[], { dot: true });
}

let picomatchModule: typeof import('picomatch') | undefined;

/**
 * picomatch, loaded the first time a walk has globs: about 2.5 MB of resident memory that a
 * program importing `@funcpipe/io/files` for its line streams need not pay.
 */
function loadPicomatch(): typeof import('picomatch') {
  picomatchModule ??= createRequire(import.meta.url)('picomatch') as typeof import('picomatch');
  return picomatchModule;
}

async function* walkTree(root: string, settings: WalkSettings): AsyncGenerator<Result<WalkEntry, ErrInfo>> {
  const rootId = await directoryId(root);
  if (!rootId.ok) {
    yield err(rootId.error);
    return;
  }
  const listedRoot = await listed(root, '', 0, { id: rootId.value, parent: undefined });
  if (!listedRoot.ok) {
    yield err(listedRoot.error);
    return;
  }
  // Depth-first with an explicit stack of frames: a directory is listed when the walk reaches
  // it, and its contents are walked before its next sibling.
  const frames: Frame[] = [listedRoot.value];
  while (frames.length > 0) {
    const frame = frames[frames.length - 1] as Frame;
    const dirent = frame.entries[frame.next++];
    if (dirent === undefined) {
      frames.pop();
      continue;
    }
    const relativePath = frame.relativePath === '' ? dirent.name : `${frame.relativePath}/${dirent.name}`;
    if (settings.exclude?.(relativePath) === true) continue;
    const path = join(frame.path, dirent.name);
    const depth = frame.depth + 1;
    const kinded = await kindOf(dirent, path, settings.followSymlinks);
    if (!kinded.ok) {
      yield err(kinded.error);
      continue;
    }
    const { kind, id } = kinded.value;
    if (kind === 'directory' && id !== undefined && isAncestor(frame.ancestors, id)) {
      yield err(errInfo('WALK_SYMLINK_LOOP', `${WHERE}: '${path}' links to a directory above it; not entered`, { path, context: { op: 'list' } }));
      continue;
    }
    if ((kind !== 'directory' || settings.directories) && settings.include?.(relativePath) !== false) {
      yield ok({ path, relativePath, kind, depth });
    }
    if (kind !== 'directory' || depth >= settings.maxDepth) continue;
    const child = await listed(path, relativePath, depth, id === undefined ? frame.ancestors : { id, parent: frame.ancestors });
    if (child.ok) frames.push(child.value);
    else yield err(child.error);
  }
}

/** Lists a directory (one `readdir`: a descriptor held only during the call), sorted by name. */
async function listed(path: string, relativePath: string, depth: number, ancestors: Ancestor | undefined): Promise<Result<Frame, ErrInfo>> {
  try {
    const entries = await readdir(path, { withFileTypes: true });
    return ok({ path, relativePath, depth, ancestors, entries: entries.sort(byName), next: 0 });
  } catch (error) {
    return err(fileErrInfo(WHERE, 'list', path, error));
  }
}

function byName(a: Dirent, b: Dirent): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

function isAncestor(chain: Ancestor | undefined, id: string): boolean {
  for (let a = chain; a !== undefined; a = a.parent) if (a.id === id) return true;
  return false;
}

/** The identity (device and inode) of the root, which must be a directory. */
async function directoryId(path: string): Promise<Result<string, ErrInfo>> {
  try {
    const stats = await stat(path);
    if (!stats.isDirectory()) return err(fileErrInfo(WHERE, 'list', path, Object.assign(new Error('not a directory'), { code: 'ENOTDIR' })));
    return ok(idOf(stats));
  } catch (error) {
    return err(fileErrInfo(WHERE, 'list', path, error));
  }
}

/**
 * What an entry is. When links are followed, each directory gets its identity (device and
 * inode), to detect loops; without links a tree has no cycles and no `stat` is needed. `lstat` is called only
 * where `readdir` could not tell the type (file systems that report none).
 */
async function kindOf(dirent: Dirent, path: string, follow: boolean): Promise<Result<{ kind: WalkEntryKind; id?: string }, ErrInfo>> {
  try {
    const type = isTyped(dirent) ? dirent : await lstat(path);
    if (type.isFile()) return ok({ kind: 'file' });
    if (type.isDirectory()) return ok(follow ? { kind: 'directory', id: idOf(await stat(path)) } : { kind: 'directory' });
    if (!type.isSymbolicLink()) return ok({ kind: 'other' });
    if (!follow) return ok({ kind: 'symlink' });
    const target = await stat(path);
    if (target.isDirectory()) return ok({ kind: 'directory', id: idOf(target) });
    return ok({ kind: target.isFile() ? 'file' : 'other' });
  } catch (error) {
    return err(fileErrInfo(WHERE, 'stat', path, error));
  }
}

function isTyped(d: Dirent): boolean {
  return d.isFile() || d.isDirectory() || d.isSymbolicLink() || d.isFIFO() || d.isSocket() || d.isBlockDevice() || d.isCharacterDevice();
}

function idOf(stats: { readonly dev: number; readonly ino: number }): string {
  return `${stats.dev}:${stats.ino}`;
}
