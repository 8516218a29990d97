/** Where an injected fault comes from: a source's read, a stage, the consumer, a release, an external abort. */
export type FaultKind = 'producer' | 'stage' | 'consumer' | 'release' | 'abort';

/**
 * An error the conformance kit (or the chaos suite) injects on purpose. Each one is a distinct
 * object, so the checks can tell which fault the caller saw and which were attached to it.
 */
export class KitFault extends Error {
  override readonly name = 'KitFault';

  /**
   * @param kind - where it was injected.
   * @param where - a readable place, such as `resource #2, read 3`.
   * @param seq - its position in the case's event order.
   */
  constructor(
    readonly kind: FaultKind,
    readonly where: string,
    readonly seq: number,
  ) {
    super(`${kind} fault at ${where}`);
  }
}
