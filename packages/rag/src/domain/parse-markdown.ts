// Markdown (CommonMark) to blocks, through mdast-util-from-markdown: each top-level node with
// text becomes one Block whose offsets are the node's position in the file.
import { fromMarkdown } from 'mdast-util-from-markdown';
import type { Nodes, Root, RootContent } from 'mdast';
import type { Block, ParsedDocument } from './document.js';
import { cleanCode, cleanText } from './clean.js';

/** A GFM table's delimiter row (`| --- | :-: |`): CommonMark alone reads a table as a paragraph. */
const TABLE_DELIMITER = /^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$/;

/**
 * Parses Markdown `source`: headings (with their level), paragraphs, lists, code blocks, block
 * quotes and GFM tables become blocks in reading order with cleaned text (markup removed, link
 * and image text kept, whitespace normalised; list items and table rows one per line, cells
 * joined by ` | `). Raw HTML blocks, thematic breaks and link definitions carry no prose and are
 * left out. Offsets are those of each node in `source`.
 */
export function parseMarkdown(source: string): ParsedDocument {
  const root: Root = fromMarkdown(source);
  const blocks: Block[] = [];
  for (const node of root.children) {
    const block = blockOf(node, source);
    if (block !== undefined && block.text !== '') blocks.push(block);
  }
  return { kind: 'markdown', source, blocks };
}

function blockOf(node: RootContent, source: string): Block | undefined {
  const start = node.position?.start.offset;
  const end = node.position?.end.offset;
  if (start === undefined || end === undefined) return undefined;
  switch (node.type) {
    case 'heading':
      return { kind: 'heading', level: node.depth, text: cleanText(textOf(node)), start, end };
    case 'paragraph': {
      const lines = source.slice(start, end).split('\n');
      if (lines.length >= 2 && lines[0]!.includes('|') && TABLE_DELIMITER.test(lines[1]!)) {
        return { kind: 'table', text: tableText(textOf(node)), start, end };
      }
      return { kind: 'paragraph', text: cleanText(textOf(node)), start, end };
    }
    case 'list':
      return { kind: 'list', text: linesText(textOf(node)), start, end };
    case 'code':
      return { kind: 'code', text: cleanCode(node.value), start, end };
    case 'blockquote':
      return { kind: 'quote', text: cleanText(textOf(node)), start, end };
    default:
      return undefined;
  }
}

/**
 * The text of a node: text, inline code and image alt text, with a line break between
 * block-level children; an ordered list's items keep their numbers (`3. `), which are content
 * ("2024. A good year." at the start of a line is such a list).
 */
function textOf(node: Nodes): string {
  const out: string[] = [];
  const stack: (Nodes | string)[] = [node];
  while (stack.length > 0) {
    const next = stack.pop()!;
    if (typeof next === 'string') {
      out.push(next);
      continue;
    }
    switch (next.type) {
      case 'text':
      case 'inlineCode':
        out.push(next.value);
        continue;
      case 'code':
        out.push(next.value, '\n');
        continue;
      case 'image':
        out.push(next.alt ?? '');
        continue;
      case 'break':
        out.push('\n');
        continue;
      case 'html':
        continue;
      default:
        if ('children' in next) {
          const block = next.type === 'listItem' || next.type === 'paragraph' || next.type === 'heading' || next.type === 'list';
          if (block) stack.push('\n');
          const firstNumber = next.type === 'list' && next.ordered === true ? (next.start ?? 1) : undefined;
          for (let i = next.children.length - 1; i >= 0; i--) {
            stack.push(next.children[i] as Nodes);
            if (firstNumber !== undefined) stack.push(`${firstNumber + i}. `);
          }
        }
    }
  }
  return out.join('');
}

/** One cleaned line per non-empty line. */
function linesText(text: string): string {
  return text
    .split('\n')
    .map(cleanText)
    .filter((line) => line !== '')
    .join('\n');
}

/** A pipe table's rows, one per line, cells cleaned and joined by ` | `; the delimiter row dropped. */
function tableText(text: string): string {
  return text
    .split('\n')
    .filter((line) => !TABLE_DELIMITER.test(line))
    .map((line) =>
      line
        .replace(/^\s*\|/, '')
        .replace(/\|\s*$/, '')
        .split('|')
        .map(cleanText)
        .join(' | '),
    )
    .filter((line) => line.replace(/[\s|]/g, '') !== '')
    .join('\n');
}
