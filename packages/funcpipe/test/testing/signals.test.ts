// SIGINT and SIGTERM stop a running pipeline process with everything released: the child holds a
// file handle, an HTTP connection to this test's server and a pool lease; after the signal it
// exits by itself (nothing left open keeps it alive), the server sees its socket close, and no
// temp file remains. (The database cursor is in packages/io/test/signals/signals-cursor.test.ts:
// the core has no drivers.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer, type ServerResponse } from 'node:http';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Socket } from 'node:net';

const child = join(dirname(fileURLToPath(import.meta.url)), '../fixtures/signal-child.js');

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  test(`${signal} stops the pipeline process with its file, connection and lease released`, async (t) => {
    const dir = await mkdtemp(join(tmpdir(), 'funcpipe-signal-'));
    const closed: Promise<void>[] = [];
    const streams = new Set<ServerResponse>();
    const server = createServer((req, res) => {
      closed.push(new Promise((resolve) => (req.socket as Socket).once('close', () => resolve())));
      streams.add(res);
      const timer = setInterval(() => res.write('chunk\n'), 5);
      res.once('close', () => clearInterval(timer));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    try {
      const proc = spawn(process.execPath, [child, String(port), dir], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
      await new Promise<void>((resolve, reject) => {
        proc.stdout.on('data', (d: Buffer) => {
          stdout += d.toString();
          if (stdout.includes('ready\n')) resolve();
        });
        proc.once('exit', () => reject(new Error(`the child exited before it was ready: ${stderr}`)));
      });
      assert.equal(closed.length, 1, 'one HTTP connection open');
      assert.deepEqual((await readdir(dir)).sort(), ['out.tmp', 'pooled.tmp']);
      const sentAt = Date.now();
      proc.kill(signal);
      const code = await exited;
      const tookMs = Date.now() - sentAt;
      assert.equal(code, 0, stderr);
      const report = JSON.parse(stdout.trim().split('\n').at(-1) as string) as { outcome: string; pool: { size: number; inUse: number } };
      assert.equal(report.outcome, `stopped by ${signal}`);
      assert.deepEqual([report.pool.size, report.pool.inUse], [0, 0]);
      await Promise.all(closed); // the server saw the socket close
      assert.deepEqual(await readdir(dir), [], 'no temp file remains');
      t.diagnostic(`${signal}: the child exited ${tookMs} ms after the signal`);
    } finally {
      for (const res of streams) res.destroy();
      server.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
}
