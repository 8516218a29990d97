// Cleaning of extracted text: control characters out, whitespace normalised. Pure string
// functions; the parsers call them on each block's text (the offsets stay those of the block).

/** C0/C1 control characters other than whitespace, and invisible format characters (zero-width space, joiners, BOM). */
const CONTROL = /[\u0000-\u0008\u000E-\u001F\u007F-\u009F\u200B-\u200D\u2060\uFEFF]/g;
/** A whitespace run other than one plain space (a lone space, by far the most common, is left alone: no copy when nothing changes). */
const WHITESPACE = /(?:[^\S ]| \s)\s*/g;
/** Trailing whitespace at the end of a line. */
const TRAILING = /[^\S\n]+$/gm;
/** Three or more line breaks (possibly with blanks between them). */
const BLANK_LINES = /\n(?:[^\S\n]*\n){2,}/g;

/**
 * Cleans prose: removes control and zero-width characters, turns every whitespace run into one
 * space and trims the ends. Linear in the length of `text`.
 *
 * @example
 * ```ts
 * cleanText('  Hello,\t\n world\u0007 '); // 'Hello, world'
 * ```
 */
export function cleanText(text: string): string {
  const visible = CONTROL.test(text) ? text.replace(CONTROL, '') : text;
  CONTROL.lastIndex = 0;
  return visible.replace(WHITESPACE, ' ').trim();
}

/**
 * Cleans code or preformatted text: removes control and zero-width characters and trailing
 * blanks, keeps line breaks and indentation, and collapses blank-line runs to one blank line.
 */
export function cleanCode(text: string): string {
  return text
    .replace(CONTROL, '')
    .replace(/\r\n?/g, '\n')
    .replace(TRAILING, '')
    .replace(BLANK_LINES, '\n\n')
    .replace(/^\n+|\n+$/g, '');
}

/** Whether a UTF-16 code unit is whitespace (ASCII blanks, no-break space, line and paragraph separators). */
export function isSpaceCode(code: number): boolean {
  return code === 0x20 || (code >= 0x09 && code <= 0x0d) || code === 0xa0 || code === 0x2028 || code === 0x2029;
}
