// parseDocument on every format, on bad input (never a throw: an Err with a code), and the
// cleaning law: each block's source slice holds the block's words.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { parseDocument } from '../../src/domain/parse-document.js';
import type { DocumentKind, ParsedDocument } from '../../src/domain/document.js';
import { arbElements, encode, toHtml, toMarkdown, toText, wordsOf } from '../support/domain-docs.js';

async function parsed(kind: DocumentKind, input: string | Uint8Array): Promise<ParsedDocument> {
  const result = await parseDocument(kind, typeof input === 'string' ? encode(input) : input);
  assert.ok(result.ok, `expected Ok, got ${JSON.stringify(result.ok ? null : result.error)}`);
  return result.value;
}

async function failure(kind: DocumentKind, input: string | Uint8Array): Promise<{ code: string; msg: string; context?: Readonly<Record<string, unknown>> }> {
  const result = await parseDocument(kind, typeof input === 'string' ? encode(input) : input);
  assert.ok(!result.ok, 'expected an Err');
  return result.error;
}

const summary = (doc: ParsedDocument) => doc.blocks.map((b) => [b.kind, b.text, doc.source.slice(b.start, b.end)]);

test('Markdown: headings with levels, paragraphs, lists, code, quotes and tables, markup removed, offsets of each node', async () => {
  const source = '# Guide\n\nSome *bold* text, a [link](https://x.test/a) &amp; `code`.\n\n## Install\n\n- one\n- two\n  - nested\n\n```sh\nnpm i\n```\n\n> quoted\n> text\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n<div>raw html</div>\n\n---\n';
  const doc = await parsed('markdown', source);
  assert.deepEqual(summary(doc), [
    ['heading', 'Guide', '# Guide'],
    ['paragraph', 'Some bold text, a link & code.', 'Some *bold* text, a [link](https://x.test/a) &amp; `code`.'],
    ['heading', 'Install', '## Install'],
    ['list', 'one\ntwo\nnested', '- one\n- two\n  - nested'],
    ['code', 'npm i', '```sh\nnpm i\n```'],
    ['quote', 'quoted text', '> quoted\n> text'],
    ['table', 'a | b\n1 | 2', '| a | b |\n|---|---|\n| 1 | 2 |'],
  ]);
  assert.deepEqual(doc.blocks.filter((b) => b.kind === 'heading').map((b) => b.level), [1, 2]);
  assert.equal(doc.source, source);
});

test('Markdown: an ordered list keeps its item numbers (a paragraph that starts "42. " is such a list, and its number is text)', async () => {
  const doc = await parsed('markdown', '42. stream.\n\nBetween.\n\n3. first\n4. second\n   1. nested\n');
  assert.deepEqual(summary(doc), [
    ['list', '42. stream.', '42. stream.'],
    ['paragraph', 'Between.', 'Between.'],
    ['list', '3. first\n4. second\n1. nested', '3. first\n4. second\n   1. nested'],
  ]);
});

test('HTML: script, style, nav and head dropped; headings and block elements; entities decoded; offsets into the extracted text', async () => {
  const doc = await parsed(
    'html',
    '<html><head><title>T</title><style>p{}</style></head><body><nav>menu</nav><h2>Tom &amp; Jerry</h2><p>Hello <b>big</b><br>world &eacute;t&eacute;</p><ul><li>one</li><li>two</li></ul><script>var x</script><table><tr><th>a</th><th>b</th></tr><tr><td>1</td><td>2</td></tr></table><pre>a\n  b</pre><blockquote>said</blockquote></body></html>',
  );
  assert.deepEqual(doc.blocks.map((b) => [b.kind, b.text]), [
    ['heading', 'Tom & Jerry'],
    ['paragraph', 'Hello big world été'],
    ['list', 'one'],
    ['list', 'two'],
    ['table', 'a | b\n1 | 2'],
    ['code', 'a\n  b'],
    ['quote', 'said'],
  ]);
  assert.equal(doc.blocks[0]!.level, 2);
  for (const block of doc.blocks) assert.equal(doc.source.slice(block.start, block.end), block.text);
  assert.doesNotMatch(doc.source, /menu|var x|p\{\}|\bT\b/);
});

test('plain text: paragraphs split on blank lines, whitespace normalised, control characters removed', async () => {
  const source = 'first line\nsecond\tline\u0007\n\n \n  second  paragraph  \r\n\r\nthird';
  const doc = await parsed('text', source);
  assert.deepEqual(summary(doc), [
    ['paragraph', 'first line second line', 'first line\nsecond\tline\u0007'],
    ['paragraph', 'second paragraph', 'second  paragraph'],
    ['paragraph', 'third', 'third'],
  ]);
});

test('JSON: one record per string value, its path as context, offsets from the key to the value', async () => {
  const source = '{"title": "Hello", "n": 3, "sections": [{"name": "A b"}, "plain"], "odd key": {"z": "deep \\"q\\""}}';
  const doc = await parsed('json', source);
  assert.deepEqual(summary(doc), [
    ['record', 'title: Hello', '"title": "Hello"'],
    ['record', 'sections[0].name: A b', '"name": "A b"'],
    ['record', 'sections[1]: plain', '"plain"'],
    ['record', '"odd key".z: deep "q"', '"z": "deep \\"q\\""'],
  ]);
  assert.deepEqual((await parsed('json', '"just a string"')).blocks.map((b) => b.text), ['just a string']);
  assert.deepEqual((await parsed('json', '[1, 2, null]')).blocks, []);
  const deep = await parsed('json', `${'['.repeat(100_000)}"bottom"${']'.repeat(100_000)}`);
  assert.equal(deep.blocks.length, 1, 'deep nesting costs no stack');
  assert.match(deep.blocks[0]!.text, /^…(\[0\]){66}\[0\]?: bottom$|^…\S{200}: bottom$/);
});

test('JSON lines: one record per line; a malformed line fails the document, naming the line', async () => {
  const doc = await parsed('jsonl', '{"a": "one", "n": 1}\n\n"two"\n{"b": ["x", "y"]}\n');
  assert.deepEqual(summary(doc), [
    ['record', 'a: one', '{"a": "one", "n": 1}'],
    ['record', 'two', '"two"'],
    ['record', 'b[0]: x\nb[1]: y', '{"b": ["x", "y"]}'],
  ]);
  const bad = await failure('jsonl', '{"a": "one"}\n{"b": "two"}\n{oops\n{"c": "three"}\n');
  assert.equal(bad.code, 'DOC_JSONL');
  assert.match(bad.msg, /^line 3 is not JSON/);
  assert.deepEqual(bad.context, { line: 3 });
});

test('malformed JSON is an Err DOC_JSON with the parser message', async () => {
  const bad = await failure('json', '{"a": ');
  assert.equal(bad.code, 'DOC_JSON');
  assert.match(bad.msg, /^malformed JSON: /);
});

test('PDF: the text of each page as a block; a malformed or truncated PDF is an Err DOC_PDF', async () => {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  for (const [first, second] of [['Streams hold files.', 'They must not leak.'], ['Second page here.', 'The end.']] as const) {
    const page = pdf.addPage();
    page.drawText(first, { x: 50, y: 700, font, size: 12 });
    page.drawText(second, { x: 50, y: 680, font, size: 12 });
  }
  pdf.addPage(); // a page without text: no block
  const bytes = await pdf.save();
  const doc = await parsed('pdf', bytes);
  assert.deepEqual(doc.blocks.map((b) => [b.kind, b.text]), [
    ['paragraph', 'Streams hold files. They must not leak.'],
    ['paragraph', 'Second page here. The end.'],
  ]);
  for (const block of doc.blocks) assert.equal(doc.source.slice(block.start, block.end), block.text);
  for (const bad of [bytes.slice(0, Math.floor(bytes.length / 3)), encode('%PDF-1.7\nnot really a pdf at all'), encode('plain text, not a PDF')]) {
    const error = await failure('pdf', bad);
    assert.equal(error.code, 'DOC_PDF');
    assert.match(error.msg, /^malformed PDF: /);
  }
});

test('binary content is an Err DOC_BINARY: a NUL byte anywhere, or mostly control bytes', async () => {
  for (const kind of ['markdown', 'text', 'html', 'json', 'jsonl'] as const) {
    const withNul = encode(`${'fine text '.repeat(10_000)}\u0000end`);
    const error = await failure(kind, withNul);
    assert.equal(error.code, 'DOC_BINARY');
    assert.match(error.msg, /NUL byte at offset 100000/);
  }
  const controls = new Uint8Array(1000).map((_, i) => (i % 3 === 0 ? 0x01 : 0x41));
  assert.equal((await failure('text', controls)).code, 'DOC_BINARY');
});

test('invalid UTF-8 is an Err DOC_ENCODING with the offset of the first bad byte; a BOM is dropped', async () => {
  const latin1 = new Uint8Array([...encode('caf'), 0xe9, ...encode(' au lait')]);
  const error = await failure('text', latin1);
  assert.equal(error.code, 'DOC_ENCODING');
  assert.match(error.msg, /offset 3/);
  assert.deepEqual(error.context, { offset: 3 });
  assert.equal((await failure('markdown', new Uint8Array([0x61, 0xf0, 0x9f, 0x98]))).code, 'DOC_ENCODING', 'a truncated sequence');
  assert.equal((await failure('markdown', new Uint8Array([0xc0, 0xaf]))).code, 'DOC_ENCODING', 'an overlong encoding');
  const bom = await parsed('text', new Uint8Array([0xef, 0xbb, 0xbf, ...encode('hello')]));
  assert.equal(bom.source, 'hello');
});

test('an empty or blank file is a document with no blocks, for every kind', async () => {
  for (const kind of ['markdown', 'text', 'html', 'json', 'jsonl', 'pdf'] as const) {
    assert.deepEqual((await parsed(kind, new Uint8Array(0))).blocks, [], kind);
  }
  for (const kind of ['markdown', 'text', 'html', 'json', 'jsonl'] as const) {
    assert.deepEqual((await parsed(kind, ' \n\t\n ')).blocks, [], kind);
  }
});

test('a kind that is not a DocumentKind is a TypeError (a programming error, not bad input)', async () => {
  await assert.rejects(parseDocument('docx' as DocumentKind, encode('x')), /expected `kind` to be one of markdown, text, html, json, jsonl, pdf, got "docx"/);
});

test('cleaning law: each block lies in the source, its words in its source slice, its text clean', async () => {
  await fc.assert(
    fc.asyncProperty(arbElements, fc.constantFrom('markdown', 'text', 'html') as fc.Arbitrary<'markdown' | 'text' | 'html'>, fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 5 }), async (elements, kind, markup) => {
      const source = kind === 'markdown' ? toMarkdown(elements, markup) : kind === 'text' ? toText(elements) : toHtml(elements);
      const doc = await parsed(kind, source);
      let previousEnd = 0;
      for (const block of doc.blocks) {
        assert.ok(block.start >= previousEnd && block.start < block.end && block.end <= doc.source.length, 'blocks in order, within the source');
        previousEnd = block.end;
        const slice = doc.source.slice(block.start, block.end);
        for (const word of wordsOf(block.text)) assert.ok(slice.includes(word), `${JSON.stringify(slice)} lacks ${JSON.stringify(word)}`);
        assert.equal(block.text, block.text.trim());
        const unclean = block.kind === 'code' ? /[\u0000-\u0008\u000b-\u001f]/ : block.kind === 'list' || block.kind === 'table' ? /[\u0000-\u0009\u000b-\u001f]|[^\S\n]{2}| \n|\n / : /[\u0000-\u001f]|\s{2}/;
        assert.doesNotMatch(block.text, unclean, 'no control characters or whitespace runs (lines stay in lists, tables and code)');
      }
      // Nothing of the text is lost: every generated word is in some block.
      const blockWords = new Set(doc.blocks.flatMap((b) => wordsOf(b.text)));
      for (const word of wordsOf(toText(elements))) assert.ok(blockWords.has(word), `the word ${JSON.stringify(word)} is missing`);
    }),
    { numRuns: 200 },
  );
});
