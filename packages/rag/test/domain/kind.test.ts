// kindOf: the extension decides, case-insensitively; other files are not read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kindOf } from '../../src/domain/kind.js';

test('kindOf maps extensions to document kinds', () => {
  const cases: [string, string | undefined][] = [
    ['docs/guide.md', 'markdown'],
    ['README.MARKDOWN', 'markdown'],
    ['page.mdx', 'markdown'],
    ['notes.txt', 'text'],
    ['index.rst', 'text'],
    ['site/Index.HTML', 'html'],
    ['old.htm', 'html'],
    ['package.json', 'json'],
    ['events.jsonl', 'jsonl'],
    ['events.ndjson', 'jsonl'],
    ['paper.pdf', 'pdf'],
    ['C:\\docs\\a.md', 'markdown'],
    ['logo.png', undefined],
    ['Makefile', undefined],
    ['.md', undefined],
    ['dir.md/file', undefined],
    ['archive.md.gz', undefined],
  ];
  for (const [path, kind] of cases) assert.equal(kindOf(path), kind, path);
});
