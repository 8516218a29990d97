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
const generatorPrototype = Object.getPrototypeOf(function* () {}.prototype) as object;
const asyncGeneratorPrototype = Object.getPrototypeOf(async function* () {}.prototype) as object;

function isGeneratorObject(input: object): boolean {
  const own = Object.getPrototypeOf(input) as object | null;
  if (own === null) return false;
  const shared = Object.getPrototypeOf(own) as object | null;
  return shared === asyncGeneratorPrototype || shared === generatorPrototype;
}

/**
 * Marks `input` as consumed by the calling run. Throws if a run already claimed it: the message
 * names the entry point, what kind of input it is, and the replayable alternative to use.
 */
export function claimOnce(where: string, input: object, kind: string, replayable: string): void {
  // One look at the prototype chain per claim. A generator object marked while extensible keeps
  // its mark if it is frozen later; only generator objects are read (no Proxy trap can see it).
  const generator = isGeneratorObject(input);
  const markable = generator && Object.isExtensible(input);
  if ((generator && (input as Record<symbol, unknown>)[CLAIMED] === true) || (!markable && claimed.has(input))) {
    throw new Error(
      `${where}: this ${kind} was already consumed by an earlier run; it can be read once, ` +
        `so use ${replayable} to get a stream that can run again`,
    );
  }
  if (markable) (input as Record<symbol, unknown>)[CLAIMED] = true;
  else claimed.add(input);
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
