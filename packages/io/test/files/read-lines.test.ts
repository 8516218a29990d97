import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { Async, pipe, type ErrInfo, type Result } from 'funcpipe';
import { readLines } from '../../src/files.js';
import { openFdCount, tempDir } from '../support/temp-dir.js';

async function linesOf(path: string, options?: Parameters<typeof readLines>[1]): Promise<Result<string, ErrInfo>[]> {
  return pipe(readLines(path, options), Async.toArray());
}

function values(items: Result<string, ErrInfo>[]): (string | { code: string; index: number | undefined })[] {
  return items.map((r) => (r.ok ? r.value : { code: r.error.code, index: r.error.index }));
}

test('readLines: LF and CRLF terminators, empty lines, a last line without newline, a BOM', async () => {
  using dir = tempDir();
  const file = join(dir.path, 'a.txt');
  writeFileSync(file, '\uFEFFfirst\r\nsecond\n\nfourth\r\nlast');
  assert.deepEqual(values(await linesOf(file)), ['first', 'second', '', 'fourth', 'last']);
  writeFileSync(file, 'only\n');
  assert.deepEqual(values(await linesOf(file)), ['only']);
  writeFileSync(file, '');
  assert.deepEqual(values(await linesOf(file)), []);
});

test('readLines: the same lines whatever the chunk size (property)', async () => {
  using dir = tempDir();
  const file = join(dir.path, 'p.txt');
  const line = fc.string({ unit: fc.constantFrom('a', 'é', '€', '𝄞', '\r', ' '), maxLength: 12 });
  await fc.assert(
    fc.asyncProperty(fc.array(line, { maxLength: 20 }), fc.boolean(), fc.integer({ min: 1, max: 9 }), async (lines, trailingNewline, chunkBytes) => {
      const text = lines.join('\n') + (trailingNewline && lines.length > 0 ? '\n' : '');
      writeFileSync(file, text);
      const expected = text === '' ? [] : text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
      if (text.endsWith('\n')) expected.pop();
      assert.deepEqual(values(await linesOf(file, { chunkBytes })), expected);
    }),
    { numRuns: 200 },
  );
});

test('readLines: a line longer than maxLineBytes is one Err item and the stream goes on', async () => {
  using dir = tempDir();
  const file = join(dir.path, 'long.txt');
  writeFileSync(file, `short\n${'x'.repeat(100)}\nafter\n${'y'.repeat(11)}\r\n${'z'.repeat(10)}\r\nend`);
  for (const chunkBytes of [3, 16, 64 * 1024]) {
    const items = await linesOf(file, { maxLineBytes: 10, chunkBytes });
    assert.deepEqual(values(items), ['short', { code: 'LINE_TOO_LONG', index: 1 }, 'after', { code: 'LINE_TOO_LONG', index: 3 }, 'z'.repeat(10), 'end']);
    const tooLong = items[1] as Result<string, ErrInfo> & { ok: false };
    assert.equal(tooLong.error.path, file);
    assert.match(tooLong.error.msg, /line 2 of .*long\.txt.* longer than maxLineBytes \(10 bytes\)/);
  }
});

test('readLines: a large single-line file is one Err under the limit, or one line without it', async () => {
  using dir = tempDir();
  const file = join(dir.path, 'one-line.txt');
  writeFileSync(file, 'q'.repeat(8 * 2 ** 20));
  const limited = await linesOf(file, { maxLineBytes: 2 ** 20 });
  assert.deepEqual(values(limited), [{ code: 'LINE_TOO_LONG', index: 0 }]);
  const whole = await linesOf(file);
  assert.equal(whole.length, 1);
  assert.equal(whole[0]?.ok && whole[0].value.length, 8 * 2 ** 20);
});

test('readLines: invalid UTF-8 is replaced by U+FFFD, or an Err item with invalidUtf8: "error"', async () => {
  using dir = tempDir();
  const file = join(dir.path, 'bad.txt');
  writeFileSync(file, Buffer.concat([Buffer.from('ok\nbad '), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('\nreal \uFFFD is fine\n')]));
  assert.deepEqual(values(await linesOf(file)), ['ok', 'bad \uFFFD(\uFFFD', 'real \uFFFD is fine']);
  const strict = await linesOf(file, { invalidUtf8: 'error' });
  assert.deepEqual(values(strict), ['ok', { code: 'INVALID_UTF8', index: 1 }, 'real \uFFFD is fine']);
  assert.match((strict[1] as { error: ErrInfo }).error.msg, /line 2 of .*bad\.txt.* not valid UTF-8/);
});

test('readLines: building the stream opens nothing; every run opens the file afresh (replayable)', async () => {
  using dir = tempDir();
  const file = join(dir.path, 'r.txt');
  const before = openFdCount();
  const lines = readLines(file);
  writeFileSync(file, 'one\ntwo\n');
  assert.equal(openFdCount(), before);
  assert.deepEqual(values(await pipe(lines, Async.toArray())), ['one', 'two']);
  writeFileSync(file, 'three\n');
  assert.deepEqual(values(await pipe(lines, Async.toArray())), ['three']);
  assert.deepEqual(values(await pipe(readLines(pathToFileURL(file)), Async.toArray())), ['three'], 'a file: URL names the same file');
});

test('readLines: the file is closed on break, throw, take, abort and exhaustion', async () => {
  using dir = tempDir();
  const file = join(dir.path, 'c.txt');
  writeFileSync(file, Array.from({ length: 50_000 }, (_, i) => `line ${i}`).join('\n'));
  const before = openFdCount();
  for await (const _ of readLines(file, { chunkBytes: 1024 })) break;
  assert.equal(openFdCount(), before, 'break');
  const boom = new Error('consumer');
  await assert.rejects(async () => {
    for await (const _ of readLines(file)) throw boom;
  }, boom);
  assert.equal(openFdCount(), before, 'throw');
  assert.equal((await pipe(readLines(file), Async.take(3), Async.toArray())).length, 3);
  assert.equal(openFdCount(), before, 'take');
  const controller = new AbortController();
  const reason = new Error('stop');
  await assert.rejects(async () => {
    for await (const _ of readLines(file).iterate({ signal: controller.signal })) controller.abort(reason);
  }, reason);
  assert.equal(openFdCount(), before, 'abort');
  assert.equal(await pipe(readLines(file), Async.drain()), 50_000);
  assert.equal(openFdCount(), before, 'exhaustion');
});

test('readLines: options are validated with errors naming the field', () => {
  assert.throws(() => readLines(''), /readLines: expected `path` to be a non-empty path string or a file: URL, got the string ""/);
  assert.throws(() => readLines('x', { maxLineBytes: 0 }), (e: unknown) => e instanceof RangeError && /options\.maxLineBytes/.test(e.message));
  assert.throws(() => readLines('x', { invalidUtf8: 'drop' as never }), /`options.invalidUtf8` to be 'replace' or 'error', got the string "drop"/);
  assert.throws(() => readLines('x', { chunkBytes: 1.5 }), TypeError);
});
