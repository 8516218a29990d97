// Plain text to blocks: one paragraph per run of lines between blank lines.
import type { Block, ParsedDocument } from './document.js';
import { cleanText, isSpaceCode } from './clean.js';

/** A line break followed by at least one blank (or whitespace-only) line. */
const PARAGRAPH_BREAK = /\r?\n(?:[^\S\r\n]*\r?\n)+/g;

/**
 * Parses plain text: paragraphs are split on blank lines, each a `paragraph` block with its
 * whitespace normalised; offsets span the paragraph without its surrounding whitespace. Linear
 * in the length of `source` (a 50 MB single line is one pass).
 */
export function parseText(source: string): ParsedDocument {
  const blocks: Block[] = [];
  let from = 0;
  PARAGRAPH_BREAK.lastIndex = 0;
  for (;;) {
    const match = PARAGRAPH_BREAK.exec(source);
    const to = match === null ? source.length : match.index;
    pushParagraph(blocks, source, from, to);
    if (match === null) break;
    from = match.index + match[0].length;
  }
  return { kind: 'text', source, blocks };
}

function pushParagraph(blocks: Block[], source: string, from: number, to: number): void {
  let start = from;
  let end = to;
  while (start < end && isSpaceCode(source.charCodeAt(start))) start++;
  while (end > start && isSpaceCode(source.charCodeAt(end - 1))) end--;
  if (start === end) return;
  const text = cleanText(source.slice(start, end));
  if (text !== '') blocks.push({ kind: 'paragraph', text, start, end });
}
