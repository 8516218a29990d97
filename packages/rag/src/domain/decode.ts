// Bytes to text for the text formats: refuses binary content and invalid UTF-8 with an Err each
// (never a throw), so one bad file is reported and the run goes on.
import { err, errInfo, ok, type ErrInfo, type Result } from 'funcpipe';

/** How many leading bytes are inspected for control characters (NUL bytes are looked for everywhere). */
const SAMPLE_BYTES = 64 * 1024;
/** More than this share of control bytes in the sample makes a file binary. */
const MAX_CONTROL_SHARE = 0.1;

const fatalDecoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Decodes UTF-8 text. A NUL byte anywhere, or more than 10% control bytes (other than tab, line
 * feed, form feed and carriage return) in the first 64 KiB, is `DOC_BINARY`; invalid UTF-8 is
 * `DOC_ENCODING` with the byte offset of the first bad sequence (the file is refused rather than
 * indexed with replacement characters, which would index garbage for a Latin-1 file). A leading
 * byte order mark is dropped.
 */
export function decodeText(bytes: Uint8Array): Result<string, ErrInfo> {
  const nul = bytes.indexOf(0);
  if (nul !== -1) {
    return err(errInfo('DOC_BINARY', `binary content: a NUL byte at offset ${nul}`, { context: { offset: nul } }));
  }
  const sample = Math.min(bytes.length, SAMPLE_BYTES);
  let control = 0;
  for (let i = 0; i < sample; i++) {
    const b = bytes[i]!;
    if ((b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0c && b !== 0x0d) || b === 0x7f) control++;
  }
  if (sample > 0 && control / sample > MAX_CONTROL_SHARE) {
    const share = Math.round((control / sample) * 100);
    return err(errInfo('DOC_BINARY', `binary content: ${share}% control bytes in the first ${sample} bytes`, { context: { share: control / sample } }));
  }
  try {
    return ok(fatalDecoder.decode(bytes));
  } catch (thrown) {
    const offset = firstInvalidUtf8(bytes);
    return err(errInfo('DOC_ENCODING', `not valid UTF-8: an invalid byte sequence at offset ${offset}`, { cause: thrown, context: { offset } }));
  }
}

/** The offset of the first byte that does not start or continue a well-formed UTF-8 sequence. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    let need: number;
    let min: number;
    if (b < 0x80) {
      i++;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else {
      return i;
    }
    let cp = b & (0xff >> (need + 2));
    for (let j = 1; j <= need; j++) {
      const c = bytes[i + j];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return bytes.length;
}
