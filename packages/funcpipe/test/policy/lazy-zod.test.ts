// Importing the package does not load zod (about 12 MB of RSS); the first validation does.
// Checked in a fresh process, so nothing this test runner loaded can hide it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';

test('zod is loaded on the first validation, not by importing funcpipe', () => {
  const entry = new URL('../../src/index.js', import.meta.url).href;
  const code = `
    import { createRequire } from 'node:module';
    const Module = createRequire(process.cwd() + '/')('node:module');
    const zodLoaded = () => Object.keys(Module._cache).some((path) => /[\\\\/]zod[\\\\/]/.test(path));
    const funcpipe = await import(${JSON.stringify(entry)});
    const before = zodLoaded();
    funcpipe.rateLimiter({ rate: 10 });
    console.log(JSON.stringify({ before, after: zodLoaded() }));
  `;
  const out = execFileSync(process.execPath, [...process.execArgv, '--input-type=module', '--eval', code], { encoding: 'utf8' });
  assert.deepEqual(JSON.parse(out.trim().split('\n').at(-1)!), { before: false, after: true });
});
