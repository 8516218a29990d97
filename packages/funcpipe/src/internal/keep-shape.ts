// Optimised code that survives garbage collection. V8 embeds the object shapes ("maps") of the
// objects a hot function touches in its optimised code, and holds those maps weakly: once no
// instance of a class is alive, a full GC frees the shape and throws away every optimised
// function that embeds it ("weak objects" in --trace-deopt), so a pipeline run after a major
// GC recompiles its fused loop. Keeping one inert instance of each hot class alive keeps its
// shape, and so the optimised code, across GCs. A kept instance never holds user data.

const kept: object[] = [];

/** Keeps `instance` alive for the life of the process (see above); returns it. */
export function keepShape<T extends object>(instance: T): T {
  kept.push(instance);
  return instance;
}

const keptClasses = new Set<unknown>();

/**
 * Keeps one instance per class: `make()` is called (and its result kept) only the first time
 * `key` (the class, typically) is seen, so code that builds stages on demand keeps a bounded set.
 */
export function keepShapeOnce(key: unknown, make: () => object): void {
  if (keptClasses.has(key)) return;
  keptClasses.add(key);
  keepShape(make());
}

/** A sink that accepts everything and does nothing: the `down` of kept fused stages. */
export const INERT_SINK = Object.freeze({
  push: (): boolean => true,
  end: (): void => {},
});

/** A function that does nothing: the user function of kept instances. */
export function inert(): undefined {
  return undefined;
}
