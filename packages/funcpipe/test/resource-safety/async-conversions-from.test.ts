// Resource safety of fromReadable / fromReadableStream: on every exit path (end, break, consumer
// throw, source error, external abort, stop of a blocked read, take) the source is released
// exactly once, before the consumer's exit completes. Recorders inside property tests, then
// real parts: a file descriptor, a child process pipe, a fetch body from a real HTTP server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { setImmediate as tick } from 'node:timers/promises';
import fc from 'fast-check';
import type { AsyncGen } from '../../src/async/async-gen.js';
import { fromReadable, fromReadableFactory } from '../../src/async/from-readable.js';
import { fromReadableStreamFactory, fromReadableStream } from '../../src/async/from-readable-stream.js';
import { take } from '../../src/async/take.js';
import { toArray } from '../../src/async/to-array.js';
import { pipe } from '../../src/pipe.js';
import { failOnUnhandledRejections, Recorder } from '../support/recorder.js';

failOnUnhandledRejections();

type Exit = 'end' | 'break' | 'throw' | 'sourceError' | 'abort' | 'stopBlocked' | 'take';

/** How the source behaves at position `at`: fails there, stalls there (no more data, no end), or neither. */
interface Plan {
  readonly values: readonly number[];
  readonly failAt: number | undefined;
  readonly stallAt: number | undefined;
}

const boom = new Error('source failed');

/** A Node readable that acquires a resource when constructed and releases it when destroyed. */
function nodeSource(rec: Recorder, plan: Plan): Readable {
  let name = '';
  let next = 0;
  return new Readable({
    objectMode: true,
    highWaterMark: 1,
    construct(callback) {
      name = rec.acquire('readable');
      callback();
    },
    read() {
      if (next === plan.failAt) this.destroy(boom);
      else if (next === plan.stallAt) rec.note('source stalls');
      else if (next < plan.values.length) this.push(plan.values[next++]);
      else this.push(null);
    },
    destroy(error, callback) {
      rec.release(name);
      callback(error);
    },
  });
}

/** A Web stream whose source acquires in start and releases when it closes, fails, or is cancelled. */
function webSource(rec: Recorder, plan: Plan): ReadableStream<number> {
  let name = '';
  let next = 0;
  return new ReadableStream<number>(
    {
      start() {
        name = rec.acquire('stream');
      },
      pull(controller) {
        if (next === plan.failAt) {
          rec.release(name);
          controller.error(boom);
        } else if (next === plan.stallAt) {
          rec.note('source stalls');
          return new Promise<void>(() => {});
        } else if (next < plan.values.length) {
          controller.enqueue(plan.values[next++] as number);
        } else {
          rec.release(name);
          controller.close();
        }
        return undefined;
      },
      cancel() {
        rec.release(name);
      },
    },
    { highWaterMark: 0 },
  );
}

/** Drives one run along `exit`; returns the values the consumer saw. Notes 'consumer exit' when its exit completed. */
async function drive(gen: AsyncGen<number, never>, exit: Exit, at: number, rec: Recorder): Promise<number[]> {
  const seen: number[] = [];
  const consumerError = new Error('consumer threw');
  switch (exit) {
    case 'end':
    case 'break':
      for await (const item of gen) {
        if (exit === 'break' && seen.length === at) break;
        if (item.ok) seen.push(item.value);
      }
      break;
    case 'throw': {
      let thrown: unknown;
      let received = 0;
      try {
        for await (const item of gen) {
          if (received++ === at) throw consumerError;
          if (item.ok) seen.push(item.value);
        }
      } catch (e) {
        thrown = e;
      }
      assert.equal(thrown, received > at ? consumerError : undefined);
      break;
    }
    case 'sourceError':
      await assert.rejects(pipe(gen, toArray()), (e) => e === boom);
      break;
    case 'take':
      for (const item of await pipe(gen, take(at + 1), toArray())) if (item.ok) seen.push(item.value);
      break;
    case 'abort':
    case 'stopBlocked': {
      const controller = new AbortController();
      const run = gen.iterate({ signal: controller.signal });
      for (let i = 0; i < at; i++) {
        const step = await run.next();
        if (step.done !== true && step.value.ok) seen.push(step.value.value);
      }
      const pending = run.next();
      await tick();
      if (exit === 'abort') {
        const reason = new Error('external abort');
        controller.abort(reason);
        await assert.rejects(pending, (e) => e === reason);
      } else {
        const stopped = run.return();
        assert.deepEqual(await pending, { done: true, value: undefined });
        await stopped;
      }
      break;
    }
  }
  rec.note('consumer exit');
  return seen;
}

const arbCase = fc
  .record({
    kind: fc.constantFrom('node' as const, 'web' as const),
    values: fc.array(fc.integer(), { maxLength: 8 }),
    exit: fc.constantFrom<Exit>('end', 'break', 'throw', 'sourceError', 'abort', 'stopBlocked', 'take'),
    at: fc.nat(8),
    factory: fc.boolean(),
  })
  .map((c) => ({ ...c, at: Math.min(c.at, c.values.length) }));

test('every exit path releases the source exactly once, before the consumer exit completes', async () => {
  await fc.assert(
    fc.asyncProperty(arbCase, async ({ kind, values, exit, at, factory }) => {
      const rec = new Recorder();
      const plan: Plan = {
        values,
        failAt: exit === 'sourceError' ? at : undefined,
        stallAt: exit === 'abort' || exit === 'stopBlocked' ? at : undefined,
      };
      const gen: AsyncGen<number, never> =
        kind === 'node'
          ? factory
            ? fromReadableFactory<number>(() => nodeSource(rec, plan))
            : fromReadable<number>(nodeSource(rec, plan))
          : factory
            ? fromReadableStreamFactory(() => webSource(rec, plan))
            : fromReadableStream(webSource(rec, plan));
      const seen = await drive(gen, exit, at, rec);
      rec.assertAllReleased();
      assert.equal(rec.acquired, 1);
      assert.equal(rec.count('release'), 1, 'released exactly once');
      const released = rec.events.findIndex((e) => e.startsWith('release'));
      assert.ok(released >= 0 && released < rec.events.indexOf('consumer exit'), `released before the exit completed: ${rec.events.join(', ')}`);
      const expected = exit === 'end' || exit === 'sourceError' ? values.slice(0, plan.failAt ?? values.length) : values.slice(0, exit === 'take' ? at + 1 : at);
      if (exit !== 'sourceError') assert.deepEqual(seen, expected);
    }),
    { numRuns: 300 },
  );
});

test('a real file: its descriptor is closed when the run ends, on every exit path, with or without the run signal passed to it', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'funcpipe-conversions-'));
  const file = path.join(dir, 'data.txt');
  fs.writeFileSync(file, 'x'.repeat(64 * 1024));
  try {
    for (const [exit, withSignal] of (['end', 'break', 'throw', 'take', 'abort'] as const).flatMap((e) => [[e, false] as const, [e, true] as const])) {
      const rec = new Recorder();
      const streams: fs.ReadStream[] = [];
      const gen = fromReadableFactory<Buffer>((signal) => {
        const stream = fs.createReadStream(file, withSignal ? { highWaterMark: 1024, signal } : { highWaterMark: 1024 });
        stream.on('open', (fd: number) => rec.note(`open ${fd}`));
        stream.on('close', () => rec.note('fd closed'));
        streams.push(stream);
        return stream;
      });
      const consume = async (): Promise<void> => {
        if (exit === 'take') {
          await pipe(gen, take(3), toArray());
          return;
        }
        if (exit === 'abort') {
          const consumer = new AbortController();
          const run = gen.iterate({ signal: consumer.signal });
          for (let i = 0; i < 3; i++) await run.next();
          const pending = run.next();
          consumer.abort(new Error('abort'));
          await pending;
          return;
        }
        let chunks = 0;
        for await (const item of gen) {
          assert.ok(item.ok);
          chunks++;
          if (chunks === 3 && exit === 'break') break;
          if (chunks === 3 && exit === 'throw') throw new Error('consumer threw');
        }
      };
      await consume().then(
        () => assert.ok(exit !== 'throw' && exit !== 'abort', `${exit}: the consumer should have failed`),
        (e: unknown) => assert.equal((e as Error).message, exit === 'throw' ? 'consumer threw' : 'abort', `${exit}: ${String(e)}`),
      );
      rec.note('consumer exit');
      const stream = streams[0] as fs.ReadStream;
      const opened = rec.events.find((e) => e.startsWith('open ')) as string;
      const fd = Number(opened.slice('open '.length));
      assert.ok(stream.closed, `${exit}: the stream is closed`);
      assert.ok(rec.events.indexOf('fd closed') < rec.events.indexOf('consumer exit'), `${exit}: closed before the exit completed`);
      assert.throws(() => fs.fstatSync(fd), { code: 'EBADF' }, `${exit}: descriptor ${fd} is closed`);
      assert.equal(rec.count('fd closed'), 1);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a real pipe with no data flowing: stopping the run destroys the child stdout before return() resolves', async () => {
  const child = spawn(process.execPath, ['-e', "process.stdout.write('ready\\n'); setInterval(() => {}, 1000)"], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const events: string[] = [];
    child.stdout.on('close', () => events.push('stdout closed'));
    const run = fromReadable<Buffer>(child.stdout)[Symbol.asyncIterator]();
    const first = await run.next();
    assert.equal(first.done !== true && first.value.ok ? first.value.value.toString() : '', 'ready\n');
    const pending = run.next().then((step) => events.push(`pending read settled done=${String(step.done)}`));
    await tick();
    events.push('stop');
    await run.return();
    events.push('return resolved');
    await pending;
    assert.deepEqual(events, ['stop', 'pending read settled done=true', 'stdout closed', 'return resolved']);
    assert.ok(child.stdout.destroyed);
  } finally {
    child.kill();
    await once(child, 'exit');
  }
});

test('a fetch body that stalls: stopping the run cancels it and the server sees the connection close', async () => {
  let serverSawClose: () => void = () => {};
  const closed = new Promise<void>((resolve) => (serverSawClose = resolve));
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.write('first chunk');
    res.on('close', () => serverSawClose());
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  try {
    const { port } = server.address() as AddressInfo;
    const response = await fetch(`http://127.0.0.1:${port}/`);
    const run = fromReadableStream(response.body as ReadableStream<Uint8Array>)[Symbol.asyncIterator]();
    const first = await run.next();
    assert.equal(first.done !== true && first.value.ok ? new TextDecoder().decode(first.value.value) : '', 'first chunk');
    const pending = run.next();
    await tick();
    await run.return();
    assert.deepEqual(await pending, { done: true, value: undefined });
    assert.equal(response.bodyUsed, true);
    await closed;
  } finally {
    server.closeAllConnections();
    server.close();
  }
});
