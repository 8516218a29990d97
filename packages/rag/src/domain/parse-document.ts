// The one entry point from bytes to a ParsedDocument, for every kind.
import { err, errInfo, ok, type ErrInfo, type Result } from 'funcpipe';
import type { DocumentKind, ParsedDocument } from './document.js';
import { decodeText } from './decode.js';
import { parseHtml } from './parse-html.js';
import { parseJson, parseJsonl } from './parse-json.js';
import { parseMarkdown } from './parse-markdown.js';
import { parsePdf } from './parse-pdf.js';
import { parseText } from './parse-text.js';

const KINDS: ReadonlySet<string> = new Set<DocumentKind>(['markdown', 'text', 'html', 'json', 'jsonl', 'pdf']);

/**
 * Parses a file's bytes as `kind` into its blocks, with cleaned text and offsets into `source`.
 *
 * Never throws for bad input; each failure is an `Err` with a code: `DOC_BINARY` (NUL bytes, or
 * mostly control bytes), `DOC_ENCODING` (invalid UTF-8, with the byte offset), `DOC_JSON` /
 * `DOC_JSONL` (malformed JSON, the line named for JSON lines), `DOC_PDF` (a malformed PDF), and
 * `DOC_PARSE` for anything a parser threw unexpectedly. An empty (or whitespace-only) file is a
 * document with no blocks, which gives no chunks. Throws a `TypeError` only for a `kind` that
 * is not a {@link DocumentKind} (a programming error, not bad input).
 *
 * @example
 * ```ts
 * const parsed = await parseDocument('markdown', new TextEncoder().encode('# Title\n\nHello.'));
 * if (parsed.ok) parsed.value.blocks.map((b) => b.kind); // ['heading', 'paragraph']
 * ```
 */
export async function parseDocument(kind: DocumentKind, bytes: Uint8Array): Promise<Result<ParsedDocument, ErrInfo>> {
  if (!KINDS.has(kind)) throw new TypeError(`parseDocument: expected \`kind\` to be one of ${[...KINDS].join(', ')}, got ${JSON.stringify(kind)}`);
  if (!(bytes instanceof Uint8Array)) throw new TypeError('parseDocument: expected `bytes` to be a Uint8Array');
  if (bytes.length === 0) return ok({ kind, source: '', blocks: [] });
  try {
    if (kind === 'pdf') return await parsePdf(bytes);
    const decoded = decodeText(bytes);
    if (!decoded.ok) return err(decoded.error);
    const source = decoded.value;
    if (source.trim() === '') return ok({ kind, source, blocks: [] });
    switch (kind) {
      case 'markdown':
        return ok(parseMarkdown(source));
      case 'text':
        return ok(parseText(source));
      case 'html':
        return ok(parseHtml(source));
      case 'json':
        return parseJson(source);
      case 'jsonl':
        return parseJsonl(source);
    }
  } catch (thrown) {
    const reason = thrown instanceof Error ? thrown.message : String(thrown);
    return err(errInfo('DOC_PARSE', `the ${kind} parser failed: ${reason}`, { cause: thrown }));
  }
}
