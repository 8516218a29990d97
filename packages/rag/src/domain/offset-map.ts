// Maps positions in a block's cleaned text back to offsets in the document's source. Cleaning
// removes markup, entities and spaces, so the two differ; words (letter and digit runs) are the
// anchors: each is looked up in the source just after the previous one, within a bounded window,
// so the whole walk is linear even when a word cannot be found (a decoded entity, say).
import type { Block } from './document.js';
import { isSpaceCode } from './clean.js';

/** How far past the previous anchor a word is looked for (markup such as a link target sits between words). */
const WINDOW = 512;

/**
 * A forward-only map for one block: `at(p)` for non-decreasing `p` gives non-decreasing offsets
 * within `[block.start, block.end]`; `0` maps to `block.start` and the text's end to `block.end`.
 */
export class OffsetMap {
  private readonly words = /[\p{L}\p{N}]+/gu;
  private pending: RegExpExecArray | null | undefined = undefined;
  private anchorText = 0;
  private anchorSource: number;
  private cursor: number;
  private last: number;
  /** Whether the text is the source slice with at most whitespace characters swapped (plain text, HTML, PDF): then `at` is an addition. */
  private readonly identical: boolean;

  constructor(
    private readonly block: Block,
    private readonly source: string,
  ) {
    this.anchorSource = block.start;
    this.cursor = block.start;
    this.last = block.start;
    this.identical = sameUpToWhitespace(block.text, source, block.start, block.end);
  }

  /** The source offset of position `p` of the block's text. */
  at(p: number): number {
    const { block } = this;
    if (p >= block.text.length) return (this.last = block.end);
    if (this.identical) return (this.last = block.start + p);
    for (;;) {
      if (this.pending === undefined) this.pending = this.words.exec(block.text);
      const word = this.pending;
      if (word === null || word.index > p) break;
      this.pending = undefined;
      const found = this.find(word[0]);
      if (found !== -1) {
        this.anchorText = word.index;
        this.anchorSource = found;
        this.cursor = found + word[0].length;
      }
    }
    const mapped = Math.min(block.end, Math.max(this.last, this.anchorSource + (p - this.anchorText)));
    return (this.last = mapped);
  }

  private find(word: string): number {
    const limit = Math.min(this.block.end, this.cursor + word.length + WINDOW);
    const found = this.source.slice(this.cursor, limit).indexOf(word);
    return found === -1 ? -1 : this.cursor + found;
  }
}

/** Whether `text` equals `source[start, end)` where every whitespace character may stand for another one. */
function sameUpToWhitespace(text: string, source: string, start: number, end: number): boolean {
  if (end - start !== text.length) return false;
  for (let i = 0; i < text.length; i++) {
    const a = text.charCodeAt(i);
    const b = source.charCodeAt(start + i);
    if (a !== b && !(isSpaceCode(a) && isSpaceCode(b))) return false;
  }
  return true;
}
