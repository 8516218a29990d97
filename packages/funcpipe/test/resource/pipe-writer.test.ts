// pipeWriter against real pipes and files: a child process that quits early gives a real EPIPE;
// a write stream into a missing directory gives a real ENOENT, which must never be suppressed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdtemp, open, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { pipeWriter } from '../../src/resource/pipe-writer.js';

const code = (e: unknown) => (e as NodeJS.ErrnoException).code;

async function withDir<R>(run: (dir: string) => Promise<R>): Promise<R> {
  const dir = await mkdtemp(join(tmpdir(), 'funcpipe-pipe-'));
  try {
    return await run(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function node(script: string, ipc = false): ChildProcess {
  return spawn(process.execPath, ['-e', script], { stdio: ['pipe', 'ignore', 'inherit', ...(ipc ? ['ipc' as const] : [])] });
}

test('pipeWriter: a reader that quits early is a normal end (EPIPE), and write() says so', { timeout: 20_000 }, async () => {
  const child = node('process.stdin.once("data", () => process.exit(0))');
  const exited = once(child, 'exit');
  const writer = pipeWriter(child.stdin!);
  const chunk = Buffer.alloc(64 * 1024, 0x61);
  let accepted = 0;
  for (let i = 0; i < 100_000 && (await writer.write(chunk)); i++) accepted += 1;
  assert.equal(writer.endedBy, 'closed-pipe');
  assert.ok(accepted < 100_000, 'the writer noticed the closed pipe');
  assert.equal(await writer.write('more'), false, 'later writes are dropped, not thrown');
  await writer[Symbol.asyncDispose]();
  assert.equal(writer.endedBy, 'closed-pipe');
  assert.deepEqual(await exited, [0, null]);
});

test('pipeWriter: any other failure rejects (ENOENT from a file in a missing directory)', { timeout: 20_000 }, async () => {
  await withDir(async (dir) => {
    const stream = createWriteStream(join(dir, 'missing', 'out.txt'));
    const writeAll = async () => {
      await using writer = pipeWriter(stream);
      for (let i = 0; i < 1_000; i++) await writer.write(`line ${i}\n`);
    };
    await assert.rejects(writeAll(), (e) => code(e) === 'ENOENT');
  });
  await withDir(async (dir) => {
    const writer = pipeWriter(createWriteStream(join(dir, 'missing', 'out.txt')));
    await writer.write('buffered before the open failed');
    await assert.rejects(writer.end(), (e) => code(e) === 'ENOENT', 'end() reports a failure no write has reported');
    assert.equal(writer.endedBy, 'failed');
    await assert.rejects(writer.write('x'), (e) => code(e) === 'ENOENT', 'every later write rejects');
  });
});

test('pipeWriter: a stream destroyed behind the writer is a failure, not a silent end', async () => {
  await withDir(async (dir) => {
    const stream = createWriteStream(join(dir, 'idle.txt'));
    await once(stream, 'ready');
    const writer = pipeWriter(stream);
    stream.destroy();
    await once(stream, 'close');
    assert.equal(writer.endedBy, 'failed');
    await assert.rejects(writer.write('b'), (e) => code(e) === 'ERR_STREAM_PREMATURE_CLOSE');
  });
  await withDir(async (dir) => {
    const stream = createWriteStream(join(dir, 'busy.txt'));
    const writer = pipeWriter(stream);
    await writer.write('lost when the stream is destroyed before it is written');
    stream.destroy();
    await once(stream, 'close');
    assert.equal(writer.endedBy, 'failed');
    await assert.rejects(writer.end(), (e) => code(e) === 'ERR_STREAM_DESTROYED');
  });
});

test('pipeWriter: write() waits for drain while the reader is not reading', { timeout: 20_000 }, async () => {
  const script = `
    let total = 0;
    process.on('message', (m) => {
      if (m === 'ping') process.send('pong');
      if (m === 'read') process.stdin.on('data', (d) => { total += d.length; }).on('end', () => process.send(total));
    });`;
  const child = node(script, true);
  const reply = () => once(child, 'message').then(([m]) => m as unknown);
  const writer = pipeWriter(child.stdin!);
  const big = Buffer.alloc(8 * 1024 * 1024, 0x62);
  let done = false;
  const writing = writer.write(big).then((ok) => ((done = true), ok));
  child.send('ping');
  assert.equal(await reply(), 'pong');
  assert.equal(done, false, '8 MiB cannot fit in a pipe the reader has not touched');
  const total = reply();
  child.send('read');
  assert.equal(await writing, true);
  assert.equal(await writer.write('tail'), true);
  await writer.end();
  assert.equal(writer.endedBy, 'finished');
  assert.equal(await total, big.length + 4);
  child.disconnect();
});

test('pipeWriter law: what is written is what the file holds, in order, whatever the chunking', async () => {
  await withDir(async (dir) => {
    let run = 0;
    const chunk = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 40 }), fc.uint8Array({ maxLength: 200 }));
    await fc.assert(
      fc.asyncProperty(fc.array(chunk, { maxLength: 40 }), fc.integer({ min: 1, max: 64 }), async (chunks, highWaterMark) => {
        const path = join(dir, `out-${run++}`);
        {
          await using writer = pipeWriter(createWriteStream(path, { highWaterMark }));
          for (const c of chunks) assert.equal(await writer.write(c), true);
        }
        const expected = Buffer.concat(chunks.map((c) => (typeof c === 'string' ? Buffer.from(c) : c)));
        assert.deepEqual(await readFile(path), expected);
      }),
      { numRuns: 40 },
    );
  });
});

test('pipeWriter: end() is idempotent, reports finished, and writing after it rejects', async () => {
  await withDir(async (dir) => {
    const writer = pipeWriter(createWriteStream(join(dir, 'out.txt')));
    assert.equal(writer.endedBy, undefined);
    await writer.write('x');
    const ending = writer.end();
    assert.equal(writer.end(), ending);
    await ending;
    assert.equal(writer.endedBy, 'finished');
    await assert.rejects(writer.write('y'), (e) => code(e) === 'ERR_STREAM_WRITE_AFTER_END');
    assert.equal(await readFile(join(dir, 'out.txt'), 'utf8'), 'x');
  });
});

test('pipeWriter: a stream ended by its owner counts as finished, not as a failure', async () => {
  await withDir(async (dir) => {
    const stream = createWriteStream(join(dir, 'out.txt'));
    const writer = pipeWriter(stream);
    await writer.write('mine');
    stream.end('theirs');
    await once(stream, 'close');
    assert.equal(writer.endedBy, 'finished');
    await assert.rejects(writer.write('late'), (e) => code(e) === 'ERR_STREAM_WRITE_AFTER_END');
    await writer.end();
    assert.equal(await readFile(join(dir, 'out.txt'), 'utf8'), 'minetheirs');
  });
});

/** Runs a child Node process that writes `lines` lines to its stdout through pipeWriter. */
function stdoutWriter(lines: number, stdout: 'pipe' | number): ChildProcess {
  const moduleUrl = new URL('../../src/resource/pipe-writer.js', import.meta.url).href;
  const script = `
    const { pipeWriter } = await import(${JSON.stringify(moduleUrl)});
    const out = pipeWriter(process.stdout);
    let n = 0;
    while (n < ${lines} && (await out.write('line ' + n + '\\n'))) n += 1;
    await out.end();
    process.stderr.write(JSON.stringify({ n, endedBy: out.endedBy }));`;
  return spawn(process.execPath, [...process.execArgv, '--input-type=module', '-e', script], { stdio: ['ignore', stdout, 'pipe'] });
}

async function report(child: ChildProcess): Promise<{ code: number | null; n: number; endedBy: string }> {
  let text = '';
  child.stderr!.on('data', (d: Buffer) => (text += d.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, ...(JSON.parse(text) as { n: number; endedBy: string }) };
}

test('pipeWriter: process.stdout into a reader that quits (like `| head`) ends cleanly as closed-pipe', { timeout: 30_000 }, async () => {
  const child = stdoutWriter(10_000_000, 'pipe');
  const done = report(child);
  await once(child.stdout!, 'data');
  child.stdout!.destroy();
  const { code: exitCode, n, endedBy } = await done;
  assert.equal(exitCode, 0);
  assert.equal(endedBy, 'closed-pipe');
  assert.ok(n < 10_000_000);
});

test('pipeWriter: process.stdout redirected to a file finishes (stdout never closes for real)', { timeout: 30_000 }, async () => {
  await withDir(async (dir) => {
    const path = join(dir, 'stdout.txt');
    const file = await open(path, 'w');
    try {
      const { code: exitCode, n, endedBy } = await report(stdoutWriter(1_000, file.fd));
      assert.deepEqual({ exitCode, n, endedBy }, { exitCode: 0, n: 1_000, endedBy: 'finished' });
    } finally {
      await file.close();
    }
    const text = await readFile(path, 'utf8');
    assert.equal(text, Array.from({ length: 1_000 }, (_, i) => `line ${i}\n`).join(''));
  });
});

test('pipeWriter: bad arguments are TypeErrors naming the function and argument', async () => {
  assert.throws(() => pipeWriter({ write() {} } as never), /pipeWriter: expected `writable` to be a Node Writable stream, got an object \(Object\)/);
  await withDir(async (dir) => {
    await using writer = pipeWriter(createWriteStream(join(dir, 'out.txt')));
    await assert.rejects(writer.write(42 as never), /pipeWriter\.write: expected `chunk` to be a string or a Uint8Array, got number 42/);
  });
});
