// What the two SQL cases share: 1,000,000 rows read through a paged result set against the
// driver's own loop, checksummed as the sum of ids plus the total length of the names, with
// time and the child's peak RSS as metrics. Each child builds its own data (a throwaway
// PostgreSQL, a temp SQLite file) in `load`, untimed.
export const sqlFrame = {
  size: { full: 1_000_000, quick: 100_000 },
  sizeUnit: 'rows',
  repeat: { full: { warmup: 1, timed: 3 }, quick: { warmup: 1, timed: 1 } },
  metrics: [
    { metric: 'time', unit: 'ms', source: 'time', headline: 'ratio' },
    { metric: 'peak-rss', unit: 'MB', source: 'peak-rss', headline: 'ratio' },
  ],
};

/** The rows of the SQL benchmarks: as many as the full size, with a short text column. */
export const SQL_ROWS = sqlFrame.size.full;

/** The checksum contribution of one row. */
export const rowSum = (/** @type {number} */ sum, /** @type {{ id: number, name: string }} */ row) => sum + row.id + row.name.length;

/** Loads funcpipe and returns the fold both funcpipe SQL subjects end with: the checksum of a stream of rows. */
export async function funcpipeRowSum() {
  const { pipe, Async } = await import('funcpipe');
  return async (/** @type {import('funcpipe').AsyncGen<{ id: number, name: string }, unknown>} */ rows) => {
    const r = await pipe(rows, Async.fold(0, rowSum));
    if (!r.ok) throw new Error('unexpected Err item');
    return r.value;
  };
}
