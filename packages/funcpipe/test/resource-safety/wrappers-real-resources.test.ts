// The seed-000 wrappers holding real resources: file descriptors read line by line, FileHandles,
// a directory handle with an async close, a file watcher, a TCP socket on 127.0.0.1.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closeSync, fstatSync, mkdtempSync, openSync, readSync, rmSync, watch, writeFileSync } from 'node:fs';
import { open, opendir, type FileHandle } from 'node:fs/promises';
import { once } from 'node:events';
import { createServer, connect, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { autoClose } from '../../src/resource/auto-close.js';
import { managedStream } from '../../src/resource/managed-stream.js';
import { nestedManaged } from '../../src/resource/nested-managed.js';

/** Lines of a file, read through a raw descriptor closed in `finally`. */
function* fileLines(path: string, fds: number[]): Generator<string, void, unknown> {
  const fd = openSync(path, 'r');
  fds.push(fd);
  try {
    const buffer = Buffer.alloc(16);
    let pending = '';
    for (let n = readSync(fd, buffer); n > 0; n = readSync(fd, buffer)) {
      const parts = (pending + buffer.toString('utf8', 0, n)).split('\n');
      pending = parts.pop()!;
      yield* parts;
    }
    if (pending !== '') yield pending;
  } finally {
    closeSync(fd);
  }
}

function isClosed(fd: number): boolean {
  try {
    fstatSync(fd);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EBADF';
  }
}

const lineArb = fc.array(fc.stringMatching(/^[a-z ]{0,30}$/), { minLength: 1, maxLength: 20 });

test('managedStream over a real file closes the descriptor on early break, every run', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'funcpipe-wrappers-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  fc.assert(
    fc.property(lineArb, fc.nat(25), (lines, stopAt) => {
      const path = join(dir, 'lines.txt');
      writeFileSync(path, lines.join('\n'));
      const fds: number[] = [];
      const stream = managedStream(() => fileLines(path, fds));
      for (let run = 0; run < 2; run++) {
        const seen: string[] = [];
        for (const line of stream) {
          if (seen.length === stopAt) break;
          seen.push(line);
        }
        const expected = lines.join('\n').split('\n');
        if (expected.at(-1) === '') expected.pop();
        assert.deepEqual(seen, expected.slice(0, stopAt));
      }
      assert.equal(fds.length, 2);
      assert.ok(fds.every(isClosed));
    }),
    { numRuns: 60 },
  );
});

test('managedStream over FileHandle reads closes the handle when the consumer throws', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'funcpipe-wrappers-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'data.bin');
  writeFileSync(path, Buffer.alloc(4096, 7));
  const handles: FileHandle[] = [];
  const chunks = managedStream(async function* () {
    const handle = await open(path, 'r');
    handles.push(handle);
    try {
      for (;;) {
        const { bytesRead, buffer } = await handle.read(Buffer.alloc(512), 0, 512);
        if (bytesRead === 0) return;
        yield buffer.subarray(0, bytesRead);
      }
    } finally {
      await handle.close();
    }
  });
  await assert.rejects(async () => {
    for await (const chunk of chunks) if (chunk.length === 512) throw new Error('consumer stops');
  }, /consumer stops/);
  let total = 0;
  for await (const chunk of chunks) total += chunk.length;
  assert.equal(total, 4096);
  assert.equal(handles.length, 2);
  assert.ok(handles.every((h) => h.fd === -1));
});

test('autoClose awaits an async close (a directory handle) and refuses a sync using for it', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'funcpipe-wrappers-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const first = await opendir(dir);
  {
    await using closing = autoClose(first);
    assert.equal(closing.value, first);
  }
  assert.throws(() => first.readSync(), { code: 'ERR_DIR_CLOSED' });

  const second = await opendir(dir);
  let refused: unknown;
  try {
    using _dir = autoClose(second);
  } catch (e) {
    refused = e;
  }
  assert.ok(refused instanceof TypeError);
  assert.match(refused.message, /close\(\)` returned a promise.*await using/);
  await (refused as TypeError & { closing: Promise<void> }).closing;
  assert.throws(() => second.readSync(), { code: 'ERR_DIR_CLOSED' });
});

test('nestedManaged closes a file watcher and a real TCP socket in reverse order', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'funcpipe-wrappers-'));
  const server = createServer((s) => s.on('error', () => {}).resume());
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  t.after(() => {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const order: string[] = [];
  const sockets: Socket[] = [];
  const both = nestedManaged([
    {
      open: () => {
        const watcher = watch(dir).on('close', () => order.push(`watcher closed, socket destroyed: ${sockets[0]?.destroyed}`));
        return autoClose(watcher);
      },
    },
    {
      open: async () => {
        const socket = connect((server.address() as AddressInfo).port, '127.0.0.1');
        await once(socket, 'connect');
        sockets.push(socket);
        return autoClose(socket);
      },
    },
  ]);
  {
    await using opened = await both.open();
    const [, socket] = opened;
    assert.equal(socket, sockets[0]);
    assert.equal(sockets[0]!.destroyed, false);
  }
  assert.equal(sockets[0]!.destroyed, true);
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(order, ['watcher closed, socket destroyed: true']);
});
