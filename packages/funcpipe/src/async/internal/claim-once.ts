// One-shot inputs (a Node `Readable`, a Web `ReadableStream`) can feed a single run only. The
// conversions claim the object when a run first reads it, so a second run fails loudly instead
// of streaming nothing.

const claimed = new WeakSet<object>();

/**
 * Marks `input` as consumed by the calling run. Throws if a run already claimed it: the message
 * names the entry point, what kind of input it is, and the replayable alternative to use.
 */
export function claimOnce(where: string, input: object, kind: string, replayable: string): void {
  if (claimed.has(input)) {
    throw new Error(
      `${where}: this ${kind} was already consumed by an earlier run; a ${kind} can be read once, ` +
        `so use ${replayable} to get a stream that can run again`,
    );
  }
  claimed.add(input);
}
