import { isUtf8 } from 'node:buffer';
import { err, errInfo, ok, type ErrInfo, type ErrInfoDetails, type Result } from 'funcpipe';

/** How a line source treats bytes that are not valid UTF-8. */
export type InvalidUtf8 = 'replace' | 'error';

/** What a {@link LineSplitter} needs to know: its limits and how to name its input in errors. */
export interface LineSplitterSettings {
  /** The entry point reporting (`readLines`, `responseLines`). */
  readonly where: string;
  /** The input, as messages name it (a path, `GET http://...`). */
  readonly source: string;
  /** Details every `Err` item carries (`path`, or `context` with the URL). */
  readonly details: ErrInfoDetails;
  readonly maxLineBytes: number;
  readonly invalidUtf8: InvalidUtf8;
}

const LF = 0x0a;
const CR = 0x0d;

/**
 * Splits a byte stream into lines, chunk by chunk: a line ends at `\n`, and one `\r` just before
 * it (CRLF) is removed; the last line needs no newline; a UTF-8 byte order mark opening the first
 * line is removed. Lines are found in the bytes (`\n` never occurs inside a UTF-8 sequence) and
 * each is decoded once, so a chunk buffer may be reused as soon as `push` returns: bytes of an
 * unfinished line are copied, and never more than `maxLineBytes + 1` of them. A longer line
 * becomes one `Err` (`LINE_TOO_LONG`) and its remaining bytes are skipped up to the next newline,
 * after which splitting goes on. Invalid UTF-8 is replaced by U+FFFD (WHATWG decoding, as
 * `TextDecoder` and `readline` do), or with `invalidUtf8: 'error'` the line becomes an `Err`
 * (`INVALID_UTF8`). Every `Err` carries the line's 0-based `index`, which counts every line.
 */
export class LineSplitter {
  private readonly carry: Buffer[] = [];
  private carryBytes = 0;
  private skipping = false;
  private index = 0;

  constructor(private readonly settings: LineSplitterSettings) {}

  /** Splits `chunk`, appending one item per completed line to `out`. */
  push(chunk: Buffer, out: Result<string, ErrInfo>[]): void {
    let start = 0;
    for (;;) {
      const newline = chunk.indexOf(LF, start);
      if (newline === -1) break;
      if (this.skipping) this.skipping = false;
      else if (this.carryBytes === 0) out.push(this.line(chunk, start, newline));
      else {
        this.carry.push(chunk.subarray(start, newline));
        this.carryBytes += newline - start;
        out.push(this.carryBytes > this.settings.maxLineBytes + 1 ? this.tooLong() : this.lineOf(this.takeCarry()));
        this.dropCarry();
      }
      start = newline + 1;
    }
    const rest = chunk.length - start;
    if (rest === 0 || this.skipping) return;
    if (this.carryBytes + rest > this.settings.maxLineBytes + 1) {
      out.push(this.tooLong());
      this.dropCarry();
      this.skipping = true;
      return;
    }
    this.carry.push(Buffer.from(chunk.subarray(start)));
    this.carryBytes += rest;
  }

  /** The input ended: appends the last line if it had no newline. */
  end(out: Result<string, ErrInfo>[]): void {
    if (this.skipping || this.carryBytes === 0) return;
    out.push(this.lineOf(this.takeCarry()));
    this.dropCarry();
  }

  private takeCarry(): Buffer {
    return this.carry.length === 1 ? (this.carry[0] as Buffer) : Buffer.concat(this.carry, this.carryBytes);
  }

  private dropCarry(): void {
    this.carry.length = 0;
    this.carryBytes = 0;
  }

  private lineOf(bytes: Buffer): Result<string, ErrInfo> {
    return this.line(bytes, 0, bytes.length);
  }

  private line(bytes: Buffer, start: number, end: number): Result<string, ErrInfo> {
    if (end > start && bytes[end - 1] === CR) end--;
    if (end - start > this.settings.maxLineBytes) return this.tooLong();
    const index = this.index++;
    let text = bytes.toString('utf8', start, end);
    if (index === 0 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    if (this.settings.invalidUtf8 === 'error' && text.includes('\uFFFD') && !isUtf8(bytes.subarray(start, end))) {
      const { where, source, details } = this.settings;
      return err(errInfo('INVALID_UTF8', `${where}: line ${index + 1} of ${source} is not valid UTF-8`, { ...details, index }));
    }
    return ok(text);
  }

  private tooLong(): Result<string, ErrInfo> {
    const index = this.index++;
    const { where, source, details, maxLineBytes } = this.settings;
    const msg = `${where}: line ${index + 1} of ${source} is longer than maxLineBytes (${maxLineBytes} bytes); skipped up to the next newline`;
    return err(errInfo('LINE_TOO_LONG', msg, { ...details, index, context: { ...details.context, maxLineBytes } }));
  }
}
