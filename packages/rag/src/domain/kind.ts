// Which parser reads a file, chosen by its extension alone (no sniffing: binary content is
// caught later by the decoder, with its own error).
import type { DocumentKind } from './document.js';

const KINDS: Readonly<Record<string, DocumentKind>> = {
  md: 'markdown',
  markdown: 'markdown',
  mdx: 'markdown',
  txt: 'text',
  text: 'text',
  rst: 'text',
  html: 'html',
  htm: 'html',
  json: 'json',
  jsonl: 'jsonl',
  ndjson: 'jsonl',
  pdf: 'pdf',
};

/**
 * The {@link DocumentKind} of a file by its extension (case-insensitive), or `undefined` for a
 * file `funcpipe rag` does not read: `.md .markdown .mdx` are Markdown, `.txt .text .rst` plain
 * text, `.html .htm` HTML, `.json` JSON, `.jsonl .ndjson` JSON lines, `.pdf` PDF.
 *
 * @example
 * ```ts
 * kindOf('docs/Guide.MD'); // 'markdown'
 * kindOf('logo.png'); // undefined
 * ```
 */
export function kindOf(path: string): DocumentKind | undefined {
  if (typeof path !== 'string') throw new TypeError(`kindOf: expected \`path\` to be a string, got ${typeof path}`);
  const slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  const name = path.slice(slash + 1);
  const dot = name.lastIndexOf('.');
  if (dot <= 0) return undefined; // no extension, or a dot file such as `.md`
  const kind = KINDS[name.slice(dot + 1).toLowerCase()];
  return kind;
}
