// Small statistics for the runner and the report.

/**
 * The median of a non-empty list of numbers (the mean of the middle two for an even count).
 * @param {readonly number[]} values
 */
export function median(values) {
  if (values.length === 0) throw new RangeError('median of an empty list');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Rounds for display: 3 significant digits, never scientific notation.
 * @param {number} value
 */
export function fmt(value) {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : abs >= 0.01 ? 3 : 4;
  return value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

/**
 * Formats a ratio: two decimals up to 10 (so the baseline reads 1.00), fewer above, and
 * significant digits below 0.01.
 * @param {number} ratio
 */
export function fmtRatio(ratio) {
  if (!Number.isFinite(ratio)) return String(ratio);
  if (ratio >= 100) return ratio.toFixed(0);
  if (ratio >= 10) return ratio.toFixed(1);
  if (ratio >= 0.01) return ratio.toFixed(2);
  return ratio === 0 ? '0' : ratio.toPrecision(1);
}
