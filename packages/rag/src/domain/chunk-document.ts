// Cuts a parsed document into chunks, structure first: a heading section that fits is one chunk;
// one that does not is cut between its blocks, a block that does not fit between its sentences,
// a sentence between its words, and a word with no break in it at the size (the hard cut). One
// pass over the blocks; the pieces of a block are produced lazily, so a 50 MB single-line file
// is cut in linear time and memory bounded by the chunks made.
import type { Chunk } from './chunk.js';
import type { Block, ParsedDocument } from './document.js';
import { checkChunkOptions, type ChunkOptions } from './chunk-options.js';
import { sha256Hex } from './hash.js';
import { OffsetMap } from './offset-map.js';
import { countTokens, tokensWithin } from './tokens.js';
import { isSpaceCode } from './clean.js';

/** Text longer than this many characters per allowed token is taken not to fit without counting (the tokenizer is not run on huge texts). */
const CHARS_PER_TOKEN_CAP = 32;
/** Blocks inside one chunk are joined by a blank line. */
const BLOCK_SEPARATOR = '\n\n';

/** A piece of one block's text, `[s, e)`, with its size in the chunking unit. */
interface Unit {
  readonly b: number;
  readonly s: number;
  readonly e: number;
  readonly m: number;
}

/** A heading section: blocks `[from, to)`; its own content is `[from, childStart)`, then its subsections. */
interface Section {
  readonly level: number;
  readonly from: number;
  to: number;
  readonly children: Section[];
}

const segmenter = new Intl.Segmenter(undefined, { granularity: 'sentence' });

/**
 * Splits `doc` into chunks of at most `options.size` characters or tokens, in reading order.
 *
 * Structure first: a heading section (the heading, its blocks and its subsections) that fits is
 * one chunk; otherwise its own blocks are packed into chunks (a heading stays with the blocks
 * after it) and each subsection is chunked the same way. A block too big for a chunk is cut
 * between sentences (`Intl.Segmenter`), a sentence between words, a word at the size. Chunks of
 * one section share up to `options.overlap` of whole sentences or words with their predecessor;
 * no chunk spans two sections unless they fit together in their parent's chunk.
 *
 * Each chunk's text is its blocks' cleaned text (blocks joined by a blank line); `start`/`end`
 * locate it in `doc.source`; `headingTrail` is the headings above its first block (that block
 * included when it is a heading); `textHash` is the SHA-256 of the text; `tokens` its size in
 * the unit. Every non-whitespace character of every block is in some chunk. Deterministic.
 *
 * @throws TypeError or RangeError for invalid options (see {@link checkChunkOptions}).
 * @example
 * ```ts
 * const doc = { kind: 'text', source: 'One. Two.', blocks: [{ kind: 'paragraph', text: 'One. Two.', start: 0, end: 9 }] } as const;
 * chunkDocument(doc, { unit: 'chars', size: 5, overlap: 0 }).map((c) => c.text); // ['One.', 'Two.']
 * ```
 */
export function chunkDocument(doc: ParsedDocument, options: ChunkOptions): Chunk[] {
  return new Chunker(doc, checkChunkOptions(options)).run();
}

class Chunker {
  private readonly blocks: readonly Block[];
  private readonly size: number;
  private readonly overlap: number;
  private readonly tokens: boolean;
  /** `prefix[i]`: the total text length of blocks `[0, i)`. */
  private readonly prefix: Float64Array;
  private readonly chunks: Chunk[] = [];
  private trail: readonly string[] = [];
  private trailBlock = 0;
  private readonly levels: number[] = [];
  private readonly headings: string[] = [];
  private startMap: OffsetMap | undefined;
  private endMap: OffsetMap | undefined;
  /** The units of the chunk being packed. */
  private current: Unit[] = [];
  private currentSize = 0;
  /** How many of the current units start the chunk as overlap with the chunk before (already emitted once). */
  private carried = 0;

  constructor(
    private readonly doc: ParsedDocument,
    options: ChunkOptions,
  ) {
    this.blocks = doc.blocks;
    this.size = options.size;
    this.overlap = options.overlap;
    this.tokens = options.unit === 'tokens';
    this.prefix = new Float64Array(this.blocks.length + 1);
    for (let i = 0; i < this.blocks.length; i++) this.prefix[i + 1] = this.prefix[i]! + this.blocks[i]!.text.length;
  }

  run(): Chunk[] {
    this.section(this.sections());
    return this.chunks;
  }

  /** The section tree: the root (level 0, no heading) holds the blocks before the first heading and the top sections. */
  private sections(): Section {
    const root: Section = { level: 0, from: 0, to: this.blocks.length, children: [] };
    const open: Section[] = [root];
    this.blocks.forEach((block, i) => {
      if (block.kind !== 'heading') return;
      const level = block.level ?? 1;
      while (open.length > 1 && open[open.length - 1]!.level >= level) open.pop()!.to = i;
      const section: Section = { level, from: i, to: this.blocks.length, children: [] };
      open[open.length - 1]!.children.push(section);
      open.push(section);
    });
    return root;
  }

  private section(section: Section): void {
    if (section.to === section.from) return;
    const whole = this.wholeBlocks(section.from, section.to);
    if (whole !== undefined) {
      this.emit(section.from, whole.text, whole.size, this.blocks[section.from]!.start, this.blocks[section.to - 1]!.end);
      return;
    }
    const childStart = section.children[0]?.from ?? section.to;
    for (let b = section.from; b < childStart; b++) {
      for (const unit of this.unitsOf(b)) this.add(unit);
    }
    this.flush();
    for (const child of section.children) this.section(child);
  }

  /** Blocks `[from, to)` as one chunk's text and size, when they fit in one chunk. */
  private wholeBlocks(from: number, to: number): { text: string; size: number } | undefined {
    const chars = this.prefix[to]! - this.prefix[from]! + BLOCK_SEPARATOR.length * (to - from - 1);
    if (!this.tokens) return chars <= this.size ? { text: this.join(from, to), size: chars } : undefined;
    if (chars > this.size * CHARS_PER_TOKEN_CAP) return undefined;
    const text = this.join(from, to);
    const size = tokensWithin(text, this.size);
    return size === false ? undefined : { text, size };
  }

  private join(from: number, to: number): string {
    if (to - from === 1) return this.blocks[from]!.text;
    const texts: string[] = [];
    for (let b = from; b < to; b++) texts.push(this.blocks[b]!.text);
    return texts.join(BLOCK_SEPARATOR);
  }

  /** The size of `text` in the unit when it is at most the chunk size, else `undefined`. */
  private fit(text: string): number | undefined {
    if (!this.tokens) return text.length <= this.size ? text.length : undefined;
    if (text.length > this.size * CHARS_PER_TOKEN_CAP) return undefined;
    const n = tokensWithin(text, this.size);
    return n === false ? undefined : n;
  }

  /** The pieces of block `b` that each fit: the block, else its sentences, else their words, else cuts of the words. */
  private *unitsOf(b: number): Generator<Unit> {
    const text = this.blocks[b]!.text;
    const whole = this.fit(text);
    if (whole !== undefined) {
      yield { b, s: 0, e: text.length, m: whole };
      return;
    }
    for (const { index, segment } of segmenter.segment(text)) {
      let s = index;
      let e = index + segment.length;
      while (s < e && isSpaceCode(text.charCodeAt(s))) s++;
      while (e > s && isSpaceCode(text.charCodeAt(e - 1))) e--;
      if (s === e) continue;
      const m = this.fit(text.slice(s, e));
      if (m !== undefined) yield { b, s, e, m };
      else yield* this.wordsOf(b, text, s, e);
    }
  }

  private *wordsOf(b: number, text: string, from: number, to: number): Generator<Unit> {
    const words = /\S+/g;
    words.lastIndex = from;
    for (let match = words.exec(text); match !== null && match.index < to; match = words.exec(text)) {
      const s = match.index;
      const e = Math.min(to, s + match[0].length);
      const m = this.fit(text.slice(s, e));
      if (m !== undefined) yield { b, s, e, m };
      else yield* this.cutsOf(b, text, s, e);
    }
  }

  /** Hard cuts of a run with no break in it: the longest piece that fits, never splitting a surrogate pair when it can help it. */
  private *cutsOf(b: number, text: string, from: number, to: number): Generator<Unit> {
    let s = from;
    while (s < to) {
      let length = Math.min(this.size, to - s);
      for (;;) {
        let e = s + length;
        if (e < to && length > 1 && isLowSurrogate(text.charCodeAt(e))) e--;
        const m = this.fit(text.slice(s, e));
        if (m !== undefined) {
          yield { b, s, e, m };
          s = e;
          break;
        }
        length = Math.max(1, Math.floor(length / 2));
      }
    }
  }

  /** The size of units `[from, units.length)` of `units` as one chunk's text. */
  private sizeOf(units: readonly Unit[], from = 0): number {
    if (this.tokens) return countTokens(this.textOf(units, from));
    let size = 0;
    for (let i = from; i < units.length; i++) {
      const unit = units[i]!;
      const previous = i > from ? units[i - 1]! : undefined;
      if (previous === undefined) size += unit.e - unit.s;
      else if (previous.b === unit.b) size += unit.e - previous.e;
      else size += BLOCK_SEPARATOR.length + unit.e - unit.s;
    }
    return size;
  }

  private textOf(units: readonly Unit[], from = 0): string {
    const parts: string[] = [];
    let i = from;
    while (i < units.length) {
      const first = units[i]!;
      let last = first;
      while (i + 1 < units.length && units[i + 1]!.b === first.b) last = units[++i]!;
      parts.push(this.blocks[first.b]!.text.slice(first.s, last.e));
      i++;
    }
    return parts.join(BLOCK_SEPARATOR);
  }

  /** What `unit` adds to the current chunk's size (exact for characters, an estimate for tokens, checked on emit). */
  private growth(unit: Unit): number {
    const last = this.current[this.current.length - 1];
    if (last === undefined) return unit.m;
    if (this.tokens) return unit.m + (last.b === unit.b ? 0 : 1);
    return last.b === unit.b ? unit.e - last.e : BLOCK_SEPARATOR.length + unit.e - unit.s;
  }

  private add(first: Unit): void {
    const queue: Unit[] = [first];
    while (queue.length > 0) {
      const unit = queue.shift()!;
      if (this.current.length > this.carried && this.currentSize + this.growth(unit) > this.size) {
        queue.unshift(...this.emitCurrent(), unit);
        this.carryOverlap();
        continue;
      }
      // Carried units (already emitted) give way when the new unit does not fit beside them.
      while (this.current.length > 0 && this.currentSize + this.growth(unit) > this.size) {
        this.current.shift();
        this.carried--;
        this.currentSize = this.current.length === 0 ? 0 : this.sizeOf(this.current);
      }
      this.currentSize += this.growth(unit);
      this.current.push(unit);
    }
  }

  /** Emits what is left of the current section's content; carried units alone are not a chunk (they were emitted). */
  private flush(): void {
    while (this.current.length > this.carried) {
      const rest = this.emitCurrent();
      if (rest.length === 0) break;
      this.carryOverlap();
      for (const unit of rest) this.add(unit);
    }
    this.current = [];
    this.currentSize = 0;
    this.carried = 0;
  }

  /** Emits the current units as a chunk (for tokens, the last units come off until the exact count fits); returns the units taken off. */
  private emitCurrent(): Unit[] {
    const rest: Unit[] = [];
    let text = this.textOf(this.current);
    let size = this.tokens ? countTokens(text) : this.currentSize;
    while (size > this.size && this.current.length > 1) {
      rest.unshift(this.current.pop()!);
      text = this.textOf(this.current);
      size = countTokens(text);
    }
    const first = this.current[0]!;
    const last = this.current[this.current.length - 1]!;
    this.emit(first.b, text, size, this.startOf(first), this.endOf(last));
    return rest;
  }

  /** Keeps the longest run of trailing units of the emitted chunk within the overlap (never all of them) as the next chunk's start. */
  private carryOverlap(): void {
    let from = this.current.length;
    while (from > 1 && this.sizeOf(this.current, from - 1) <= this.overlap) from--;
    this.current = from === this.current.length ? [] : this.current.slice(from);
    this.carried = this.current.length;
    this.currentSize = this.current.length === 0 ? 0 : this.sizeOf(this.current);
  }

  private startOf(unit: Unit): number {
    if (this.startMap === undefined || this.startBlock !== unit.b) {
      this.startMap = new OffsetMap(this.blocks[unit.b]!, this.doc.source);
      this.startBlock = unit.b;
    }
    return this.startMap.at(unit.s);
  }

  private endOf(unit: Unit): number {
    if (this.endMap === undefined || this.endBlock !== unit.b) {
      this.endMap = new OffsetMap(this.blocks[unit.b]!, this.doc.source);
      this.endBlock = unit.b;
    }
    return this.endMap.at(unit.e);
  }

  private startBlock = -1;
  private endBlock = -1;

  private emit(firstBlock: number, text: string, size: number, start: number, end: number): void {
    this.chunks.push({ ordinal: this.chunks.length, text, headingTrail: this.trailAt(firstBlock), start, end, textHash: sha256Hex(text), tokens: size });
  }

  /** The headings above block `b` (itself included when it is a heading); `b` never decreases between calls. */
  private trailAt(b: number): readonly string[] {
    let changed = false;
    for (; this.trailBlock <= b; this.trailBlock++) {
      const block = this.blocks[this.trailBlock]!;
      if (block.kind !== 'heading') continue;
      const level = block.level ?? 1;
      while (this.levels.length > 0 && this.levels[this.levels.length - 1]! >= level) {
        this.levels.pop();
        this.headings.pop();
      }
      this.levels.push(level);
      this.headings.push(block.text);
      changed = true;
    }
    if (changed) this.trail = Object.freeze([...this.headings]);
    return this.trail;
  }
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
