// The one seam between the core and `funcpipe/testing`: the points where FuncPipe takes and gives
// back a resource (a run starting and ending, a bracket's resource, a scope's acquisition, a pool
// lease) report to `resourceHooks.current`. Nothing is installed by default, so each point costs
// one check of a property that is always `undefined`; the resource tracker and the development
// mode install a hook only while they are on.

/** Marks one tracked resource as given back; the hook records a second call as a double release. */
export type Released = () => void;

/** What the core reports to; implemented by `funcpipe/testing`. */
export interface ResourceHooks {
  /**
   * A resource was taken. `owner` is the object whose lifetime holds it (a run, a scope's book of
   * releases, a lease): the development mode watches it for garbage collection. The hook must not
   * keep `owner` reachable. Returns the function to call when the resource is given back.
   */
  acquired(kind: string, owner: object): Released;
}

/** The installed hooks, or `undefined` (tracking off). */
export const resourceHooks: { current: ResourceHooks | undefined } = { current: undefined };

/**
 * Wraps the release recorded last on a scope's book (`held`: release, handle, release, handle, ...)
 * so that calling it reports the release first. Call it only when `resourceHooks.current` is set.
 */
export function trackLastRelease(kind: string, held: unknown[]): void {
  const i = held.length - 2;
  const release = held[i] as (...args: unknown[]) => unknown;
  const released = (resourceHooks.current as ResourceHooks).acquired(kind, held);
  held[i] = (...args: unknown[]): unknown => {
    released();
    return release(...args);
  };
}
