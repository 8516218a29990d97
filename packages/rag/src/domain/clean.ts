// Cleaning of extracted text: control characters out, whitespace normalised. Pure string
// functions; the parsers call them on each block's text (the offsets stay those of the block).

/** C0/C1 control characters other than whitespace, and invisible format characters (zero-width space, joiners, BOM). */
const CONTROL = /[\u0000-\u0008\u000E-\u001F\u007F-\u009F\u200B-\u200D\u2060\uFEFF]/g;
/** Any run of Unicode whitespace (spaces, tabs, line breaks, no-break spaces, ...). */
const WHITESPACE = /\s+/g;
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
  return text.replace(CONTROL, '').replace(WHITESPACE, ' ').trim();
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
