// One-shot inputs (a Node `Readable`, a Web `ReadableStream`, a generator object or any other
// iterator) can feed a single run only. The sources claim the object when a run first reads it,
// so a second run fails loudly instead of streaming nothing.

const claimed = new WeakSet<object>();

// Generator objects, the input of almost every run (a producer returns a fresh one per run), are
// marked with a symbol property instead (`Object.getOwnPropertySymbols` shows it): adding to a
// WeakSet costs far more (about 0.2 us, and the collector's ephemeron work) than the run's other
// bookkeeping for a short inner stream, and so does `Object.defineProperty`. Only engine
// generator objects are marked (no Proxy or setter can see the write); a frozen one, and any
// other input, goes to the WeakSet.
const CLAIMED = Symbol('funcpipe.claimed');
const generatorPrototypes: readonly object[] = [
  Object.getPrototypeOf(function* () {}.prototype) as object,
  Object.getPrototypeOf(async function* () {}.prototype) as object,
];

function isGeneratorObject(input: object): boolean {
  const own = Object.getPrototypeOf(input) as object | null;
  const shared = own === null ? null : (Object.getPrototypeOf(own) as object | null);
  return shared !== null && generatorPrototypes.includes(shared);
}

function isClaimed(input: object): boolean {
  if (isGeneratorObject(input)) {
    if ((input as Record<symbol, unknown>)[CLAIMED] === true) return true;
    if (Object.isExtensible(input)) return false; // an extensible one is never in the WeakSet
  }
  return claimed.has(input);
}

function claim(input: object): void {
  if (isGeneratorObject(input) && Object.isExtensible(input)) (input as Record<symbol, unknown>)[CLAIMED] = true;
  else claimed.add(input);
}

/**
 * Marks `input` as consumed by the calling run. Throws if a run already claimed it: the message
 * names the entry point, what kind of input it is, and the replayable alternative to use.
 */
export function claimOnce(where: string, input: object, kind: string, replayable: string): void {
  if (isClaimed(input)) {
    throw new Error(
      `${where}: this ${kind} was already consumed by an earlier run; it can be read once, ` +
        `so use ${replayable} to get a stream that can run again`,
    );
  }
  claim(input);
}

/**
 * Claims `iterable` for the calling run when it is one-shot: when it is its own iterator (a
 * generator object, an async generator object, the iterator of `array.values()`), or a Node
 * `Readable` / Web `ReadableStream` read as an async iterable. Its first run consumes it, so a
 * later run must fail loudly instead of seeing it empty. Replayable iterables (arrays, sets,
 * streams), which hand out a fresh iterator each time, are not claimed. `iterator` is what the
 * run got from `iterable`.
 */
export function claimIfOneShot(where: string, iterable: object, iterator: object, replayable: string): void {
  const kind = iterator === iterable ? 'iterator (a generator object, or any iterator)' : streamKind(iterable);
  if (kind !== undefined) claimOnce(where, iterable, kind, replayable);
}

function streamKind(value: object): string | undefined {
  const v = value as Partial<Record<'getReader' | 'read' | 'pipe' | 'on', unknown>>;
  if (typeof v.getReader === 'function') return 'ReadableStream';
  if (typeof v.read === 'function' && typeof v.pipe === 'function' && typeof v.on === 'function') return 'Readable';
  return undefined;
}
