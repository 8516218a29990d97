// `funcpipe/testing` is its own entry point: the built `import 'funcpipe'` loads none of it (its
// static import graph holds no testing code), and the exports map names both.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const dist = join(packageDir, 'dist');

/** Every file `import` of `entry` loads statically, followed through relative imports. */
function staticGraph(entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/^(?:import|export)\b[^;]*?from\s*"(\.[^"]+)"|^import\s*"(\.[^"]+)"/gm)) {
      visit(resolve(dirname(file), (match[1] ?? match[2]) as string));
    }
  };
  visit(entry);
  return seen;
}

test('the exports map has ./testing with its types', () => {
  const pkg = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { exports: Record<string, unknown> };
  assert.deepEqual(pkg.exports['./testing'], { types: './dist/testing/index.d.ts', default: './dist/testing/index.js' });
});

test("import 'funcpipe' loads no code of funcpipe/testing", () => {
  const graph = staticGraph(join(dist, 'index.js'));
  assert.ok(graph.size >= 2, 'the bundle and its shared chunks');
  for (const file of graph) {
    const text = readFileSync(file, 'utf8');
    for (const marker of ['expectNoLeaks', 'FinalizationRegistry', 'checkConformance', 'AsyncLocalStorage', 'acquisitionStack']) {
      assert.ok(!text.includes(marker), `${file} holds ${marker}`);
    }
  }
  const testing = staticGraph(join(dist, 'testing/index.js'));
  assert.ok([...testing].some((file) => readFileSync(file, 'utf8').includes('expectNoLeaks')));
});

test("import 'funcpipe' at run time leaves the hook off; FUNCPIPE_DEV=1 turns the development mode on", () => {
  const probe = (env: Record<string, string>) =>
    spawnSync(process.execPath, ['--input-type=module', '-e', `
      await import(${JSON.stringify(join(dist, 'index.js'))});
      await new Promise((r) => setTimeout(r, 50));
      const { isDevModeEnabled } = await import(${JSON.stringify(join(dist, 'testing/index.js'))});
      console.log(String(isDevModeEnabled()));`], { env: { ...process.env, ...env }, encoding: 'utf8' });
  const off = probe({ FUNCPIPE_DEV: '' });
  assert.equal(off.stdout.trim(), 'false', off.stderr);
  const on = probe({ FUNCPIPE_DEV: '1' });
  assert.equal(on.stdout.trim(), 'true', on.stderr);
});
