// Stage fusion compiles runs of map/filter/tap/takeWhile into one class with `new Function`.
// Where the runtime forbids code generation, the steps' own sink classes are chained instead.
// This test runs the equivalence, laziness and cleanup laws and the operator tests again in a
// real child process started with --disallow-code-generation-from-strings, so the fallback
// path is held to the same laws as the fused one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const extension = import.meta.url.endsWith('.ts') ? 'ts' : 'js';
const suites = ['../laws/sync-equivalence', '../laws/sync-laziness', '../resource-safety/sync-cleanup-errors', './operators'];

test('the runtime really refuses code generation under the flag', () => {
  const run = spawnSync(process.execPath, ['--disallow-code-generation-from-strings', '-e', 'new Function("return 1")'], { encoding: 'utf8' });
  assert.notEqual(run.status, 0);
  assert.match(run.stderr, /EvalError/);
});

for (const file of suites) {
  test(`without code generation, ${file.split('/').pop()} still holds`, () => {
    const path = fileURLToPath(new URL(`${file}.test.${extension}`, import.meta.url));
    // A test file run on its own reports in TAP unless it believes a parent runner is listening.
    const { NODE_TEST_CONTEXT: _parent, ...env } = process.env;
    const args = [...process.execArgv, '--disallow-code-generation-from-strings', '--test-reporter=tap', path];
    const run = spawnSync(process.execPath, args, { encoding: 'utf8', env });
    assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
    assert.match(run.stdout, /# pass [1-9]/);
    assert.match(run.stdout, /# fail 0/);
  });
}
