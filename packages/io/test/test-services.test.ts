// The test services themselves (scripts/services.mjs through scripts/with-services.mjs): a
// throwaway PostgreSQL reachable at the URL handed to the command, stopped and deleted when the
// command fails and when the wrapper is interrupted, leaving no server process and no directory.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { repositoryRoot } from './support/repository.js';

const serverDirs = (): Set<string> => new Set(readdirSync(tmpdir()).filter((name) => name.startsWith('funcpipe-pg-')));

function portIsClosed(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

/** Runs with-services around a shell command; resolves with the exit code and the URL the command saw. */
function withServices(script: string, onUrl?: (url: string, stop: () => void) => void): Promise<{ code: number | null; url: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['scripts/with-services.mjs', 'sh', '-c', script], { cwd: repositoryRoot('scripts/with-services.mjs'), stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const url = /URL=(\S+)/.exec(out)?.[1];
      if (url !== undefined && onUrl !== undefined) {
        onUrl(url, () => child.kill('SIGTERM'));
        onUrl = undefined;
      }
    });
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, url: /URL=(\S+)/.exec(out)?.[1] ?? '' }));
  });
}

test('a failing command gets a working server, and its failure still stops and deletes it', async () => {
  const before = serverDirs();
  const { code, url } = await withServices('echo "URL=$FUNCPIPE_TEST_PG_URL"; exit 3');
  assert.equal(code, 3);
  const port = Number(new URL(url).port);
  assert.ok(port > 0);
  assert.ok(await portIsClosed(port));
  assert.deepEqual([...serverDirs()].filter((d) => !before.has(d)), []);
});

test('SIGTERM to the wrapper stops the command and the server and deletes its directory', async () => {
  const before = serverDirs();
  let port = 0;
  const { code } = await withServices('echo "URL=$FUNCPIPE_TEST_PG_URL"; exec sleep 30', (url, stop) => {
    port = Number(new URL(url).port);
    stop();
  });
  assert.equal(code, 143);
  assert.ok(port > 0);
  assert.ok(await portIsClosed(port));
  assert.deepEqual([...serverDirs()].filter((d) => !before.has(d)), []);
});
