// The one test command (README, .ci/run): for each package, in dependency order, type-check and
// compile sources and tests, build it and check its published shape; check import cycles and
// layer direction across the workspace; then start the services the tests need (on loopback, in a
// temporary directory), run every test file with Node's own test runner, and stop the services
// again, also when tests fail or the command is interrupted.
import { spawnSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { withServices } from './services.mjs';

/** Packages in dependency order (core <- io <- rag). */
const PACKAGES = [
  { dir: 'packages/funcpipe', workspace: 'funcpipe' },
  { dir: 'packages/io', workspace: '@funcpipe/io' },
  { dir: 'packages/rag', workspace: '@funcpipe/rag' },
];

function step(title, command, args) {
  console.log(`\n== ${title}: ${command} ${args.join(' ')}`);
  const run = spawnSync(command, args, { stdio: 'inherit' });
  if (run.status !== 0) {
    console.error(`\n${title} failed (exit ${run.status ?? run.signal})`);
    process.exit(run.status ?? 1);
  }
}

/** Only *.test.js files are tests (Node 20 would also run every other file under a test/ folder). */
function testFilesOf(dir) {
  const root = join(dir, 'build/test');
  if (!existsSync(root)) return [];
  return readdirSync(root, { recursive: true })
    .filter((file) => file.endsWith('.test.js'))
    .map((file) => join(root, file))
    .sort();
}

for (const { dir, workspace } of PACKAGES) {
  rmSync(join(dir, 'build'), { recursive: true, force: true });
  // The core's tests import its sources; later packages import the built core, so build first.
  step(`${workspace}: build the package`, 'npm', ['run', 'build', '--workspace', workspace]);
  step(`${workspace}: type-check and compile (src + tests)`, 'npx', ['tsc', '-p', join(dir, 'tsconfig.json')]);
  step(`${workspace}: check the published package shape`, 'npx', ['publint', dir, '--strict']);
}
step('check import cycles and layer direction', 'npx', [
  'depcruise',
  ...PACKAGES.map(({ dir }) => join(dir, 'src')),
  '--config',
  '.dependency-cruiser.cjs',
]);

const testFiles = PACKAGES.flatMap(({ dir }) => testFilesOf(dir));
const status = await withServices(
  (env, interrupted) =>
    new Promise((resolve) => {
      console.log(`\n== run the tests (${testFiles.length} files)`);
      const child = spawn(process.execPath, ['--test', '--test-reporter=spec', ...testFiles], {
        stdio: 'inherit',
        env: { ...process.env, ...env },
      });
      interrupted.addEventListener('abort', () => child.kill(interrupted.reason));
      child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
    }),
);
process.exit(status);
