// The development mode, for real: a child process run with --expose-gc drops a run that holds a
// resource and forces garbage collection; with the mode on (by a call, or FUNCPIPE_DEV=1) a
// FuncPipeUnclosed warning names the acquisition's stack; a closed run, or the mode off, is silent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { disableDevMode, enableDevMode, isDevModeEnabled } from '../../src/testing/index.js';

const child = join(dirname(fileURLToPath(import.meta.url)), '../fixtures/dev-mode-child.js');

function runChild(mode: string, env: Record<string, string> = {}): { stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, ['--expose-gc', child, mode], { env: { ...process.env, FUNCPIPE_DEV: '', ...env }, encoding: 'utf8', timeout: 60_000 });
  assert.equal(run.status, 0, run.stderr);
  return run;
}

test('a run dropped unclosed is reported when collected, with the stack of its acquisition (enabled by a call)', () => {
  const { stdout, stderr } = runChild('call');
  assert.match(stdout, /done true/);
  assert.match(stderr, /FuncPipeUnclosed: a FuncPipe run holding resources was garbage-collected without being closed; it was acquired/);
  assert.match(stderr, /FuncPipeUnclosed: a FuncPipe bracket/);
  assert.match(stderr, /dev-mode-child\.js/);
});

test('FUNCPIPE_DEV=1 turns it on', () => {
  const { stdout, stderr } = runChild('env', { FUNCPIPE_DEV: '1' });
  assert.match(stdout, /done true/);
  assert.match(stderr, /FuncPipeUnclosed: a FuncPipe run/);
});

test('a closed run, or the mode off, says nothing', () => {
  assert.doesNotMatch(runChild('closed').stderr, /FuncPipeUnclosed/);
  const off = runChild('off');
  assert.match(off.stdout, /done false/);
  assert.doesNotMatch(off.stderr, /FuncPipeUnclosed/);
});

test('enableDevMode and disableDevMode switch it; a bad option is a TypeError', () => {
  enableDevMode({ onUnclosed: () => {} });
  assert.equal(isDevModeEnabled(), true);
  disableDevMode();
  assert.equal(isDevModeEnabled(), false);
  assert.throws(() => enableDevMode({ onUnclosed: 1 as never }), /enableDevMode: expected `options.onUnclosed` to be a function/);
});
