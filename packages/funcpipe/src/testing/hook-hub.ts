// Installs the core's resource hook while at least one listener (a tracked block, the development
// mode) is on, and takes it away again when none is, so that with tracking off the core pays one
// `undefined` check per acquisition and nothing more. Internal to funcpipe/testing.
import { resourceHooks, type Released, type ResourceHooks } from '../internal/resource-hooks.js';

/** One consumer of acquisition reports. */
export interface HookListener {
  /** Called when FuncPipe or a user takes a resource; returns what to call when it is given back, if it watches this one. */
  acquired(kind: string, owner: object, stack: string): Released | undefined;
}

const listeners = new Set<HookListener>();

function noop(): void {}

/** Captures where the current acquisition happened, with enough frames to reach the user's code. */
export function acquisitionStack(): string {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 40;
  const holder: { stack?: string } = {};
  Error.captureStackTrace(holder, acquisitionStack);
  Error.stackTraceLimit = limit;
  const lines = (holder.stack ?? '').split('\n').slice(1);
  // Drop the frames of the hook machinery itself; keep FuncPipe's own frames (they name the operator).
  return lines.filter((line) => !/[\\/]testing[\\/](hook-hub|resource-tracker|dev-mode)\.[jt]s/.test(line)).join('\n');
}

const hub: ResourceHooks = {
  acquired(kind, owner) {
    const stack = acquisitionStack();
    let first: Released | undefined;
    let more: Released[] | undefined;
    for (const listener of listeners) {
      const released = listener.acquired(kind, owner, stack);
      if (released === undefined) continue;
      if (first === undefined) first = released;
      else (more ??= []).push(released);
    }
    if (first === undefined) return noop;
    if (more === undefined) return first;
    const all = [first, ...more];
    return () => {
      for (const released of all) released();
    };
  },
};

/** Starts sending acquisition reports to `listener`; returns the function that stops it. */
export function listen(listener: HookListener): () => void {
  listeners.add(listener);
  resourceHooks.current = hub;
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) resourceHooks.current = undefined;
  };
}

/** Reports a user resource as FuncPipe's own acquisitions are reported (the tracker and the development mode see it). */
export function reportAcquired(kind: string, owner: object): Released {
  return hub.acquired(kind, owner);
}
