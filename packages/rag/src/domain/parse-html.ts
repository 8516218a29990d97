// HTML to blocks, through htmlparser2's streaming parser. The document's `source` is the text
// extracted from the page (blocks separated by blank lines), so offsets point into readable text.
import { Parser } from 'htmlparser2';
import type { Block, ParsedDocument } from './document.js';
import { cleanCode, cleanText } from './clean.js';

/** Elements whose content is never text to index. */
const DROPPED = new Set(['script', 'style', 'nav', 'head', 'noscript', 'template', 'svg', 'iframe', 'object', 'canvas', 'select', 'button']);
/** Elements that end the current block (their text starts a new one). */
const BREAKING = new Set([
  'address', 'article', 'aside', 'blockquote', 'body', 'dd', 'details', 'dialog', 'div', 'dl', 'dt', 'fieldset', 'figcaption', 'figure',
  'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'li', 'main', 'ol', 'p', 'pre', 'section', 'summary', 'table', 'ul',
  'caption',
]);

type Kind = Block['kind'];

/**
 * Parses decoded `html`: the content of `script`, `style`, `nav`, `head` (and other
 * non-prose elements) is dropped; `h1`-`h6` become headings; `p`, `li`, `pre`, `blockquote`,
 * `table` and the other block elements end a block; entities are decoded. Table cells are
 * joined by ` | `, rows one per line; `pre` keeps its lines.
 */
export function parseHtml(html: string): ParsedDocument {
  const blocks: Block[] = [];
  const parts: string[] = [];
  let length = 0;
  let buffer = '';
  let dropped = 0;
  /** Open elements that decide the kind of the text inside them, innermost last. */
  const context: { readonly tag: string; readonly kind: Kind; readonly level?: number }[] = [];

  const flush = (): void => {
    const top = context[context.length - 1];
    const kind = top?.kind ?? 'paragraph';
    const text = kind === 'code' || kind === 'table' ? linesOf(buffer, kind) : cleanText(buffer);
    buffer = '';
    if (text === '') return;
    if (length > 0) {
      parts.push('\n\n');
      length += 2;
    }
    const block: Block = top?.level === undefined ? { kind, text, start: length, end: length + text.length } : { kind, level: top.level, text, start: length, end: length + text.length };
    blocks.push(block);
    parts.push(text);
    length += text.length;
  };

  const inTable = (): boolean => context.some((c) => c.kind === 'table');

  const parser = new Parser(
    {
      onopentag(name) {
        if (DROPPED.has(name)) {
          dropped++;
          return;
        }
        if (dropped > 0) return;
        if (name === 'br') {
          buffer += '\n';
          return;
        }
        if (inTable()) {
          if (name === 'tr') buffer += '\n';
          return;
        }
        if (BREAKING.has(name)) flush();
        const kind = kindOfTag(name);
        if (kind !== undefined) context.push(kind.level === undefined ? { tag: name, kind: kind.kind } : { tag: name, kind: kind.kind, level: kind.level });
      },
      ontext(text) {
        if (dropped === 0) buffer += text;
      },
      onclosetag(name) {
        if (DROPPED.has(name)) {
          dropped = Math.max(0, dropped - 1);
          return;
        }
        if (dropped > 0) return;
        if (inTable() && name !== 'table') {
          if (name === 'td' || name === 'th') buffer += ' | ';
          return;
        }
        if (BREAKING.has(name)) flush();
        const top = context[context.length - 1];
        if (top !== undefined && top.tag === name) context.pop();
      },
    },
    { decodeEntities: true, lowerCaseTags: true },
  );
  parser.write(html);
  parser.end();
  flush();
  return { kind: 'html', source: parts.join(''), blocks };
}

function kindOfTag(name: string): { readonly kind: Kind; readonly level?: number } | undefined {
  switch (name) {
    case 'h1':
    case 'h2':
    case 'h3':
    case 'h4':
    case 'h5':
    case 'h6':
      return { kind: 'heading', level: Number(name[1]) };
    case 'pre':
      return { kind: 'code' };
    case 'blockquote':
      return { kind: 'quote' };
    case 'table':
      return { kind: 'table' };
    case 'ul':
    case 'ol':
    case 'dl':
      return { kind: 'list' };
    default:
      return undefined;
  }
}

/** Code keeps its lines; a table's rows are cleaned one per line, empty cells dropped. */
function linesOf(text: string, kind: Kind): string {
  if (kind === 'code') return cleanCode(text);
  return text
    .split('\n')
    .map((row) =>
      row
        .split(' | ')
        .map(cleanText)
        .filter((cell) => cell !== '')
        .join(' | '),
    )
    .filter((row) => row !== '')
    .join('\n');
}
