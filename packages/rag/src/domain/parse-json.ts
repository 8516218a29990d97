// JSON and JSON lines to `record` blocks. A JSON file gives one record per string value, its
// text `path: value`; a JSON-lines file gives one record per line, its string values joined.
import { err, errInfo, ok, type ErrInfo, type Result } from 'funcpipe';
import type { Block, ParsedDocument } from './document.js';
import { cleanText } from './clean.js';
import { walkJsonLeaves, type JsonLeaf } from './json-leaves.js';

/** Paths longer than this keep only their end (a deeply nested value would otherwise carry a path bigger than itself). */
const MAX_PATH = 200;

/**
 * Parses a JSON file: every string value (not the keys, numbers, booleans or nulls) becomes a
 * `record` block whose text is its JSON path and value, `guide.sections[2].title: Install`, so
 * the path (its last 200 characters when longer) is the context a search matches on; its offsets run from the member's key to the end
 * of the value. One record per value (rather than one for the whole file when it is small) keeps
 * the rule the same for every size, and the chunker packs neighbouring records into one chunk.
 * Malformed JSON is an `Err` `DOC_JSON` with the parser's message.
 */
export function parseJson(source: string): Result<ParsedDocument, ErrInfo> {
  try {
    JSON.parse(source);
  } catch (thrown) {
    return err(errInfo('DOC_JSON', `malformed JSON: ${(thrown as Error).message}`, { cause: thrown }));
  }
  const blocks: Block[] = [];
  walkJsonLeaves(source, 0, source.length, (leaf) => {
    const text = recordText(leaf);
    if (text !== '') blocks.push({ kind: 'record', text, start: leaf.start, end: leaf.end });
  });
  return ok({ kind: 'json', source, blocks });
}

/**
 * Parses a JSON-lines file: each non-blank line is one `record` block whose text is the line's
 * string values as `path: value`, one per line of the text (a line holding a bare string is
 * that string). A line that is not JSON fails the whole document with `DOC_JSONL` naming the
 * first bad line (1-based, in `context.line`): a file is indexed whole or reported, never
 * indexed with holes nobody is told about.
 */
export function parseJsonl(source: string): Result<ParsedDocument, ErrInfo> {
  const blocks: Block[] = [];
  let lineStart = 0;
  let line = 0;
  while (lineStart <= source.length) {
    line++;
    let lineEnd = source.indexOf('\n', lineStart);
    if (lineEnd === -1) lineEnd = source.length;
    let start = lineStart;
    let end = lineEnd;
    while (start < end && /\s/.test(source[start]!)) start++;
    while (end > start && /\s/.test(source[end - 1]!)) end--;
    if (start < end) {
      const text = source.slice(start, end);
      try {
        JSON.parse(text);
      } catch (thrown) {
        return err(errInfo('DOC_JSONL', `line ${line} is not JSON: ${(thrown as Error).message}`, { cause: thrown, context: { line } }));
      }
      const leaves: JsonLeaf[] = [];
      walkJsonLeaves(source, start, end, (leaf) => leaves.push(leaf));
      const record = leaves
        .map(recordText)
        .filter((part) => part !== '')
        .join('\n');
      if (record !== '') blocks.push({ kind: 'record', text: record, start, end });
    }
    lineStart = lineEnd + 1;
  }
  return ok({ kind: 'jsonl', source, blocks });
}

/** `path: value`, cleaned; a path over {@link MAX_PATH} characters keeps its last ones after an ellipsis. */
function recordText(leaf: JsonLeaf): string {
  if (leaf.path === '') return cleanText(leaf.value);
  const path = leaf.path.length > MAX_PATH ? `…${leaf.path.slice(-MAX_PATH)}` : leaf.path;
  return cleanText(`${path}: ${leaf.value}`);
}
