// What a parser makes of one file: its extracted text and the structure found in it. Pure data.

/** The formats `funcpipe rag` reads, chosen by file extension. */
export type DocumentKind = 'markdown' | 'text' | 'html' | 'json' | 'jsonl' | 'pdf';

/** One structural block of a document, in reading order. */
export interface Block {
  /** `heading` blocks open a section; every other kind belongs to the last heading before it. */
  readonly kind: 'heading' | 'paragraph' | 'list' | 'code' | 'table' | 'quote' | 'record';
  /** Heading level, 1 to 6 (only for `heading`). */
  readonly level?: number;
  /** The block's text, cleaned (whitespace normalised, markup removed). */
  readonly text: string;
  /** Offsets `[start, end)` of the block in {@link ParsedDocument.source}, in UTF-16 code units. */
  readonly start: number;
  readonly end: number;
}

/** A parsed document. */
export interface ParsedDocument {
  readonly kind: DocumentKind;
  /**
   * The text the offsets refer to: the decoded file itself for Markdown, plain text, JSON and
   * JSONL; the extracted text for HTML and PDF (their raw bytes are not readable text).
   */
  readonly source: string;
  /** The blocks, in reading order; empty for an empty document. */
  readonly blocks: readonly Block[];
}
