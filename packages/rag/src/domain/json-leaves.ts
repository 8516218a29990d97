// A positional walk over valid JSON text: every string leaf with its JSON path and its offsets.
// JSON.parse validates first (and gives the error message); this walk only finds where things are.

/** One string value inside a JSON text. */
export interface JsonLeaf {
  /** The path to the value: member names and `[index]` steps, as in `guide.sections[2].title` (empty for a top-level string). */
  readonly path: string;
  /** The decoded string. */
  readonly value: string;
  /** Offset of the member's key when the value is an object member, else of the value itself. */
  readonly start: number;
  /** Offset just after the value's closing quote. */
  readonly end: number;
}

interface Frame {
  readonly array: boolean;
  readonly prefix: string;
  index: number;
  key: string | undefined;
  keyStart: number;
}

const STRING = /"(?:[^"\\]|\\.)*"/y;

/**
 * Calls `onLeaf` for each string value of the valid JSON text in `source[from, to)`, in order.
 * Object keys are not leaves. Iterative: nesting depth costs no stack.
 */
export function walkJsonLeaves(source: string, from: number, to: number, onLeaf: (leaf: JsonLeaf) => void): void {
  const stack: Frame[] = [];
  let expectKey = false;
  let i = from;
  while (i < to) {
    const c = source.charCodeAt(i);
    if (c === 0x22 /* " */) {
      STRING.lastIndex = i;
      const match = STRING.exec(source);
      const literal = match === null ? source.slice(i, to) : match[0];
      const end = i + literal.length;
      const value = JSON.parse(literal) as string;
      const frame = stack[stack.length - 1];
      if (frame !== undefined && !frame.array && expectKey) {
        frame.key = value;
        frame.keyStart = i;
        expectKey = false;
      } else {
        onLeaf({ path: pathOf(frame), value, start: frame !== undefined && !frame.array ? frame.keyStart : i, end });
      }
      i = end;
      continue;
    }
    if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      const parent = stack[stack.length - 1];
      stack.push({ array: c === 0x5b, prefix: pathOf(parent), index: 0, key: undefined, keyStart: i });
      expectKey = c === 0x7b;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      stack.pop();
      expectKey = false;
    } else if (c === 0x2c /* , */) {
      const frame = stack[stack.length - 1];
      if (frame !== undefined) {
        if (frame.array) frame.index++;
        else expectKey = true;
      }
    }
    i++;
  }
}

/** The path of the value about to be read in `frame` (the member's key, or the element's index). */
function pathOf(frame: Frame | undefined): string {
  if (frame === undefined) return '';
  if (frame.array) return `${frame.prefix}[${frame.index}]`;
  const key = frame.key ?? '';
  const step = /^[\p{L}_$][\p{L}\p{N}_$-]*$/u.test(key) ? key : JSON.stringify(key);
  return frame.prefix === '' ? step : `${frame.prefix}.${step}`;
}
