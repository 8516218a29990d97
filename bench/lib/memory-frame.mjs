// What the two memory cases (sync and async path) share: sizes, one sample per process (peak RSS
// is a per-process maximum), and the metrics they report.
export const memoryFrame = {
  size: { full: 10_000_000, quick: 500_000 },
  sizeUnit: 'items',
  repeat: { full: { warmup: 0, timed: 1 }, quick: { warmup: 0, timed: 1 } },
  metrics: [
    { metric: 'peak-rss', unit: 'MB', source: 'peak-rss', headline: 'ratio' },
    { metric: 'time', unit: 'ms', source: 'time', headline: 'ratio' },
    { metric: 'rss-growth', unit: 'MB', source: 'rss-growth', headline: 'none' },
  ],
};
