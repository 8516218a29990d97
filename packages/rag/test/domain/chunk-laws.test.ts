// Laws of chunkDocument, as properties over generated Markdown, plain text and HTML documents
// and generated options: every chunk within the size; chunks in order; every non-whitespace
// character of every block in some chunk; overlap within the bound; deterministic; offsets valid
// (the source slice holds the chunk's words); the heading trail is the headings above.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { chunkDocument } from '../../src/domain/chunk-document.js';
import type { ChunkOptions } from '../../src/domain/chunk-options.js';
import type { Chunk } from '../../src/domain/chunk.js';
import type { ParsedDocument } from '../../src/domain/document.js';
import { parseDocument } from '../../src/domain/parse-document.js';
import { countTokens } from '../../src/domain/tokens.js';
import { arbElements, encode, toHtml, toMarkdown, toText, wordsOf } from '../support/domain-docs.js';

const arbCharOptions: fc.Arbitrary<ChunkOptions> = fc
  .integer({ min: 8, max: 400 })
  .chain((size) => fc.record({ unit: fc.constant('chars' as const), size: fc.constant(size), overlap: fc.integer({ min: 0, max: Math.floor(size / 2) }) }));
const arbTokenOptions: fc.Arbitrary<ChunkOptions> = fc
  .integer({ min: 4, max: 80 })
  .chain((size) => fc.record({ unit: fc.constant('tokens' as const), size: fc.constant(size), overlap: fc.integer({ min: 0, max: Math.floor(size / 2) }) }));

const arbDoc: fc.Arbitrary<Promise<ParsedDocument>> = fc
  .record({ elements: arbElements, format: fc.constantFrom('markdown', 'text', 'html') as fc.Arbitrary<'markdown' | 'text' | 'html'>, markup: fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 5 }) })
  .map(async ({ elements, format, markup }) => {
    const source = format === 'markdown' ? toMarkdown(elements, markup) : format === 'text' ? toText(elements) : toHtml(elements);
    const parsed = await parseDocument(format, encode(source));
    assert.ok(parsed.ok, 'generated documents parse');
    return parsed.value;
  });

const nonSpace = (text: string): string => text.replace(/\s+/g, '');

/** Checks every law for one document and options. */
function checkLaws(doc: ParsedDocument, options: ChunkOptions, chunks: readonly Chunk[]): void {
  const measure = (text: string): number => (options.unit === 'chars' ? text.length : countTokens(text));
  // Within the size, and `tokens` is the size in the unit.
  for (const chunk of chunks) {
    assert.ok(measure(chunk.text) <= options.size, `chunk ${chunk.ordinal} has ${measure(chunk.text)} > ${options.size} ${options.unit}`);
    assert.equal(chunk.tokens, measure(chunk.text));
    assert.ok(chunk.text.trim() !== '' && chunk.text === chunk.text.trim(), 'no empty or untrimmed chunk');
  }
  // In order, offsets valid, the source slice holds the chunk's words.
  chunks.forEach((chunk, i) => {
    assert.equal(chunk.ordinal, i);
    assert.ok(chunk.start >= 0 && chunk.start <= chunk.end && chunk.end <= doc.source.length, `chunk ${i} offsets [${chunk.start}, ${chunk.end})`);
    if (i > 0) {
      assert.ok(chunk.start >= chunks[i - 1]!.start, 'starts never go back');
      assert.ok(chunk.end >= chunks[i - 1]!.end, 'ends never go back');
    }
    const slice = doc.source.slice(chunk.start, chunk.end);
    for (const word of wordsOf(chunk.text)) assert.ok(slice.includes(word), `chunk ${i}: the source slice ${JSON.stringify(slice)} lacks ${JSON.stringify(word)}`);
  });
  // Coverage (nothing dropped) and overlap: each chunk's non-space text sits in the blocks' non-space text after the
  // previous chunk's place, starting at or before the end of what the chunks before it covered (no gap); the part it
  // shares with them is within the overlap; the last one reaches the end. A text may repeat, so every place a chunk
  // could sit is tried (a search over chunk x place, memoised).
  const all = doc.blocks.map((block) => nonSpace(block.text)).join('');
  const pieces = chunks.map((chunk) => nonSpace(chunk.text));
  const sharedFits = (chunk: Chunk, shared: number): boolean => {
    let prefix = '';
    for (let seen = 0, k = 0; seen < shared; k++) {
      prefix += chunk.text[k]!;
      if (!/\s/.test(chunk.text[k]!)) seen++;
    }
    return measure(prefix) <= options.overlap;
  };
  const failed = new Set<string>();
  const covers = (i: number, lastAt: number, covered: number): boolean => {
    if (i === chunks.length) return covered === all.length;
    const memo = `${i}:${lastAt}:${covered}`;
    if (failed.has(memo)) return false;
    const piece = pieces[i]!;
    for (let at = all.indexOf(piece, Math.max(lastAt + 1, covered - piece.length)); at !== -1 && at <= covered; at = all.indexOf(piece, at + 1)) {
      if (at > lastAt && sharedFits(chunks[i]!, covered - at) && covers(i + 1, at, Math.max(covered, at + piece.length))) return true;
    }
    failed.add(memo);
    return false;
  };
  assert.ok(covers(0, -1, 0), 'the chunks cover every non-whitespace character of every block, in order, overlapping within the bound');
  // The heading trail is the headings above the chunk's first block.
  for (const chunk of chunks) {
    const first = doc.blocks.findIndex((block) => chunk.start < block.end || (block.start === block.end && chunk.start === block.start));
    const trail: { level: number; text: string }[] = [];
    for (const block of doc.blocks.slice(0, first + 1)) {
      if (block.kind !== 'heading') continue;
      while (trail.length > 0 && trail[trail.length - 1]!.level >= block.level!) trail.pop();
      trail.push({ level: block.level!, text: block.text });
    }
    assert.deepEqual(chunk.headingTrail, trail.map((h) => h.text), `chunk ${chunk.ordinal}'s trail`);
  }
}

async function assertLaws(arbOptions: fc.Arbitrary<ChunkOptions>, numRuns: number): Promise<void> {
  await fc.assert(
    fc.asyncProperty(arbDoc, arbOptions, async (docP, options) => {
      const doc = await docP;
      const chunks = chunkDocument(doc, options);
      checkLaws(doc, options, chunks);
      assert.deepEqual(chunkDocument(doc, options), chunks, 'deterministic');
    }),
    { numRuns },
  );
}

test('chunk laws, sizes in characters', () => assertLaws(arbCharOptions, 300));

test('chunk laws, sizes in tokens', () => assertLaws(arbTokenOptions, 100));
