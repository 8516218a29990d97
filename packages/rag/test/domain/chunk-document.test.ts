// chunkDocument by example: structure first, the fallbacks (sentences, words, hard cuts), the
// trail and offsets, option checks, and a few megabytes on one line (linear, bounded memory).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chunkDocument } from '../../src/domain/chunk-document.js';
import { checkChunkOptions, type ChunkOptions } from '../../src/domain/chunk-options.js';
import type { ParsedDocument } from '../../src/domain/document.js';
import { parseDocument } from '../../src/domain/parse-document.js';
import { sha256Hex } from '../../src/domain/hash.js';
import { countTokens } from '../../src/domain/tokens.js';
import { encode } from '../support/domain-docs.js';

async function markdown(source: string): Promise<ParsedDocument> {
  const parsed = await parseDocument('markdown', encode(source));
  assert.ok(parsed.ok);
  return parsed.value;
}

const chars = (size: number, overlap = 0): ChunkOptions => ({ unit: 'chars', size, overlap });

const GUIDE = '# Guide\n\nIntro paragraph.\n\n## Install\n\nRun the installer. Then wait a while.\n\n## Use\n\nCall it.\n';

test('a document that fits is one chunk with the first heading as its trail, spanning the blocks', async () => {
  const doc = await markdown(GUIDE);
  const [only, ...rest] = chunkDocument(doc, chars(1000));
  assert.deepEqual(rest, []);
  assert.equal(only!.text, 'Guide\n\nIntro paragraph.\n\nInstall\n\nRun the installer. Then wait a while.\n\nUse\n\nCall it.');
  assert.deepEqual(only!.headingTrail, ['Guide']);
  assert.equal(doc.source.slice(only!.start, only!.end), GUIDE.trimEnd());
  assert.equal(only!.textHash, sha256Hex(only!.text));
  assert.equal(only!.tokens, only!.text.length);
});

test('a section that does not fit is cut between its sections; a subsection that fits stays whole', async () => {
  const doc = await markdown(GUIDE);
  const chunks = chunkDocument(doc, chars(60));
  assert.deepEqual(
    chunks.map((c) => [c.text, c.headingTrail]),
    [
      ['Guide\n\nIntro paragraph.', ['Guide']],
      ['Install\n\nRun the installer. Then wait a while.', ['Guide', 'Install']],
      ['Use\n\nCall it.', ['Guide', 'Use']],
    ],
  );
});

test('a block too big is cut between sentences, with whole sentences of overlap within the bound', async () => {
  const doc = await markdown('One two three. Four five six. Seven eight nine. Ten eleven twelve.');
  // "Four five six." (14 chars) fits the overlap of 16 and is carried; "Seven eight nine." (17) does not.
  assert.deepEqual(chunkDocument(doc, chars(32, 16)).map((c) => c.text), ['One two three. Four five six.', 'Four five six. Seven eight nine.', 'Ten eleven twelve.']);
  assert.deepEqual(chunkDocument(doc, chars(32, 0)).map((c) => c.text), ['One two three. Four five six.', 'Seven eight nine.', 'Ten eleven twelve.']);
});

test('a sentence too big is cut between words, a word too big is cut at the size', async () => {
  const doc = await markdown(`alpha beta gamma delta ${'x'.repeat(25)} omega`);
  const chunks = chunkDocument(doc, chars(10));
  assert.deepEqual(chunks.map((c) => c.text), ['alpha beta', 'gamma', 'delta', 'xxxxxxxxxx', 'xxxxxxxxxx', 'xxxxx', 'omega']);
  for (const chunk of chunks) assert.equal(doc.source.slice(chunk.start, chunk.end), chunk.text);
});

test('hard cuts do not split a surrogate pair when the size allows', async () => {
  const doc = await markdown('😀'.repeat(5));
  const chunks = chunkDocument(doc, chars(3));
  assert.deepEqual(chunks.map((c) => c.text), ['😀', '😀', '😀', '😀', '😀']);
});

test('hard cuts in tokens keep multi-token characters within the size', async () => {
  const doc = await markdown(`${'😀'.repeat(40)} ${'東京'.repeat(30)}`);
  const chunks = chunkDocument(doc, { unit: 'tokens', size: 3, overlap: 0 });
  for (const chunk of chunks) assert.ok(countTokens(chunk.text) <= 3, `${chunk.text} has ${countTokens(chunk.text)} tokens`);
  assert.equal(chunks.map((c) => c.text.replace(' ', '')).join(''), `${'😀'.repeat(40)}${'東京'.repeat(30)}`);
});

test('sizes in tokens count gpt-tokenizer tokens', async () => {
  const doc = await markdown('Streams are lazy. Resources are released on every exit path. Nothing leaks, not on a break, not on a throw.');
  const chunks = chunkDocument(doc, { unit: 'tokens', size: 12, overlap: 0 });
  assert.ok(chunks.length >= 2);
  for (const chunk of chunks) {
    assert.equal(chunk.tokens, countTokens(chunk.text));
    assert.ok(chunk.tokens <= 12);
  }
});

test('an empty document has no chunks', () => {
  assert.deepEqual(chunkDocument({ kind: 'text', source: '', blocks: [] }, chars(100)), []);
});

test('a few megabytes on one line are chunked whole (linear: pieces are made lazily)', async () => {
  const line = `${'lorem ipsum dolor '.repeat(150_000)}${'z'.repeat(1_000_000)}`; // 3.7 MB, no sentence end, then one giant token-less run
  const parsed = await parseDocument('text', encode(line));
  assert.ok(parsed.ok);
  for (const options of [chars(1000, 100), { unit: 'tokens', size: 256, overlap: 0 } as const]) {
    const chunks = chunkDocument(parsed.value, options);
    const total = chunks.reduce((sum, c) => sum + c.text.replace(/\s+/g, '').length, 0);
    assert.ok(total >= line.replace(/\s+/g, '').length, 'every character is in a chunk');
    assert.equal(chunks.at(-1)!.end, line.length);
    for (const chunk of chunks) assert.ok(chunk.tokens <= options.size);
  }
});

test('options are checked, naming the field', () => {
  const doc: ParsedDocument = { kind: 'text', source: '', blocks: [] };
  const cases: [unknown, RegExp, ErrorConstructor][] = [
    [null, /expected `options` to be an object/, TypeError],
    [{ unit: 'words', size: 10, overlap: 0 }, /`options.unit` to be "chars" or "tokens", got "words"/, TypeError],
    [{ unit: 'chars', size: 10.5, overlap: 0 }, /`options.size` to be an integer, got number 10.5/, TypeError],
    [{ unit: 'chars', size: 0, overlap: 0 }, /`options.size` to be >= 1, got 0/, RangeError],
    [{ unit: 'chars', size: 10, overlap: -1 }, /`options.overlap` to be >= 0, got -1/, RangeError],
    [{ unit: 'chars', size: 10, overlap: 10 }, /`options.overlap` \(10\) to be below `options.size` \(10\)/, RangeError],
    [{ unit: 'chars', size: 10, overlap: '2' }, /`options.overlap` to be an integer, got "2"/, TypeError],
    [{ unit: 'chars', size: 10, overlap: 0, sizee: 3 }, /unknown option `sizee`/, TypeError],
  ];
  for (const [options, message, type] of cases) {
    assert.throws(() => chunkDocument(doc, options as ChunkOptions), (e: unknown) => e instanceof type && message.test((e as Error).message));
    assert.throws(() => checkChunkOptions(options), type);
  }
});
