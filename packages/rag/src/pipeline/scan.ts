// The scan: the files of one root that ingest should look at, as a lazy stream. Globs go to
// `walk`; `.gitignore` files under the root are read as the walk reaches their directory.
import { readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { Async, err, ok, type AsyncGen, type ErrInfo, type Result } from 'funcpipe';
import { walk, type WalkEntryKind } from '@funcpipe/io/files';

/** One file found by {@link scanRoot}. */
export interface ScannedFile {
  /** Absolute path (the document key). */
  readonly path: string;
  /** The absolute root it was found under. */
  readonly root: string;
  /** The path below the root, `/`-separated. */
  readonly relativePath: string;
  /** `file`, or `other` for a FIFO, socket or device (reported, never read), or `symlink` when links are not followed. */
  readonly kind: WalkEntryKind;
}

/** What {@link scanRoot} needs from the configuration. */
export interface ScanOptions {
  readonly include: readonly string[];
  readonly exclude: readonly string[];
  readonly gitignore: boolean;
  readonly followSymlinks: boolean;
}

/**
 * The files under `root` (made absolute), depth-first in a stable order, that match the globs
 * and, with `gitignore`, are not ignored by a `.gitignore` in their directory or one above it
 * (up to the root; rules are read when the walk first reaches a directory, and only the
 * directories on the current path are kept, so memory follows the tree's depth, not its size).
 * Walk failures (a directory that cannot be listed, a symlink loop, an entry that vanished) are
 * `Err` items with `path`, and the scan goes on. Symlinks that are not followed are left out.
 */
export function scanRoot(root: string, options: ScanOptions): AsyncGen<ScannedFile, ErrInfo> {
  const absoluteRoot = resolve(root);
  const entries = walk(absoluteRoot, {
    include: [...options.include],
    ...(options.exclude.length > 0 ? { exclude: [...options.exclude] } : {}),
    followSymlinks: options.followSymlinks,
  });
  return Async.fromResultProducer((signal) => scanned(absoluteRoot, entries, options.gitignore, signal));
}

async function* scanned(root: string, entries: AsyncGen<{ path: string; relativePath: string; kind: WalkEntryKind }, ErrInfo>, gitignore: boolean, signal: AbortSignal): AsyncGenerator<Result<ScannedFile, ErrInfo>> {
  const rules = new GitignoreRules(root);
  for await (const entry of entries.iterate({ signal })) {
    if (!entry.ok) {
      yield err(entry.error);
      continue;
    }
    const { path, relativePath, kind } = entry.value;
    if (kind === 'symlink') continue;
    if (gitignore && (await rules.ignores(path))) continue;
    yield ok({ path, root, relativePath, kind });
  }
}

/** The `.gitignore` rules of the directories on the current path from the root. */
class GitignoreRules {
  /** Directory (absolute) -> its rules, or `undefined` when it has no readable `.gitignore`. */
  private readonly byDirectory = new Map<string, Ignore | undefined>();

  constructor(private readonly root: string) {}

  async ignores(path: string): Promise<boolean> {
    const directories = this.directoriesAbove(path);
    this.forgetOthers(directories);
    for (const directory of directories) {
      const rules = await this.rulesOf(directory);
      if (rules === undefined) continue;
      const below = relative(directory, path).split(sep).join('/');
      if (rules.ignores(below)) return true;
    }
    return false;
  }

  /** The root and each directory between it and `path`'s parent, outermost first. */
  private directoriesAbove(path: string): string[] {
    const chain: string[] = [];
    for (let dir = dirname(path); dir.length >= this.root.length; dir = dirname(dir)) {
      chain.push(dir);
      if (dir === this.root || dir === dirname(dir)) break;
    }
    return chain.reverse();
  }

  private forgetOthers(keep: readonly string[]): void {
    if (this.byDirectory.size <= keep.length) return;
    const wanted = new Set(keep);
    for (const directory of this.byDirectory.keys()) if (!wanted.has(directory)) this.byDirectory.delete(directory);
  }

  private async rulesOf(directory: string): Promise<Ignore | undefined> {
    if (this.byDirectory.has(directory)) return this.byDirectory.get(directory);
    let rules: Ignore | undefined;
    try {
      rules = ignore().add(await readFile(join(directory, '.gitignore'), 'utf8'));
    } catch {
      // No .gitignore (or an unreadable one) in this directory: no rules from it.
      rules = undefined;
    }
    this.byDirectory.set(directory, rules);
    return rules;
  }
}
