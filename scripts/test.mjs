// The one test command (README, .ci/run): type-check and compile sources and tests, build the
// package and check its exports, then run every test file with Node's own test runner.
import { spawnSync } from 'node:child_process';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

function step(title, command, args) {
  console.log(`\n== ${title}: ${command} ${args.join(' ')}`);
  const run = spawnSync(command, args, { stdio: 'inherit' });
  if (run.status !== 0) {
    console.error(`\n${title} failed (exit ${run.status ?? run.signal})`);
    process.exit(run.status ?? 1);
  }
}

rmSync('packages/funcpipe/build', { recursive: true, force: true });
step('type-check and compile (src + tests)', 'npx', ['tsc', '-p', 'packages/funcpipe/tsconfig.json']);
step('build the package', 'npm', ['run', 'build', '--workspace', 'funcpipe']);
step('check import cycles and layer direction', 'npx', ['depcruise', 'packages/funcpipe/src', '--config', '.dependency-cruiser.cjs']);
step('check the published package shape', 'npx', ['publint', 'packages/funcpipe', '--strict']);
// Only *.test.js files are tests (Node 20 would also run every other file under a test/ folder).
const testFiles = readdirSync('packages/funcpipe/build/test', { recursive: true })
  .filter((file) => file.endsWith('.test.js'))
  .map((file) => join('packages/funcpipe/build/test', file))
  .sort();
step(`run the tests (${testFiles.length} files)`, process.execPath, ['--test', '--test-reporter=spec', ...testFiles]);
