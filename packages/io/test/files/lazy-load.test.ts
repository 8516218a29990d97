import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

test('@funcpipe/io/files loads picomatch only for a walk with globs and node:crypto only for an atomic write (a line stream pays for neither)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'funcpipe-lazy-'));
  try {
    const files = pathToFileURL(new URL('../../src/files.js', import.meta.url).pathname).href;
    const script = `
      import { createRequire } from 'node:module';
      const cache = createRequire(${JSON.stringify(`${dir}/`)}).cache;
      const loaded = () => [Object.keys(cache).some((k) => k.includes('/picomatch/')) && 'picomatch', process.moduleLoadList.includes('NativeModule crypto') && 'crypto'].filter(Boolean);
      const { readLines, walk, toFileAtomic } = await import(${JSON.stringify(files)});
      const { Async, pipe } = await import('funcpipe');
      const steps = [loaded()];
      await pipe(walk(${JSON.stringify(dir)}), Async.toArray());
      for await (const line of readLines(${JSON.stringify(new URL(import.meta.url).pathname)})) if (!line.ok) throw new Error(line.error.msg);
      steps.push(loaded());
      walk(${JSON.stringify(dir)}, { include: '**/*.md' });
      steps.push(loaded());
      const written = await pipe(Async.of('x\\n'), toFileAtomic(${JSON.stringify(join(dir, 'out.txt'))}));
      if (!written.ok) throw new Error(written.error.msg);
      steps.push(loaded());
      console.log(JSON.stringify(steps));`;
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 20_000, cwd: new URL('../..', import.meta.url).pathname });
    assert.equal(child.status, 0, child.stderr);
    assert.deepEqual(JSON.parse(child.stdout), [[], [], ['picomatch'], ['picomatch', 'crypto']]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
