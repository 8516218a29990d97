// What the boundary cases share: timed runs in the steady state (no forced GC between them, as a
// pipeline that runs again and again sees it), then as many runs each right after a forced full
// GC, reported apart as `time-after-gc` in the case's table (a full GC with no run alive frees
// the hidden classes of a library's per-run objects, and the code compiled against them with them).
export const steadyFrame = {
  repeat: { full: { warmup: 1, timed: 4, afterGc: 4 }, quick: { warmup: 1, timed: 2, afterGc: 2 } },
  gc: /** @type {const} */ ('none'),
  metrics: [
    { metric: 'time', unit: 'ms', source: 'time', headline: /** @type {const} */ ('ratio') },
    { metric: 'time-after-gc', unit: 'ms', source: 'time-after-gc', headline: /** @type {const} */ ('none') },
  ],
};
