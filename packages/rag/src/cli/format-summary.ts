// The human-readable summaries and query results the CLI prints.
import type { IngestSummary } from '../pipeline/ingest-summary.js';
import type { QueryResult } from '../pipeline/query.js';
import type { RetryFailedSummary } from '../pipeline/retry-failed.js';

/** How many failed files the human summary lists (all of them are in `--json`). */
const LISTED_FAILURES = 20;

const RESUME_HINTS: Readonly<Record<string, string>> = {
  interrupted: 'run the same command again to resume',
  quota: 'the embedding quota is exhausted; run the same command again when it is available to resume',
  auth: 'the embedding service refused the API key; fix it and run the same command again to resume',
  breaker: 'too many embedding failures; check the service and run the same command again to resume',
};

function seconds(ms: number): string {
  return `${(ms / 1_000).toFixed(2)} s`;
}

/** The summary of an ingest run, several lines, ending in a newline. */
export function formatIngestSummary(summary: IngestSummary): string {
  const { documents: d, chunks, embedding: e } = summary;
  const lines = [
    summary.stopped === undefined ? 'ingest complete' : `ingest stopped (${summary.stopped.reason}): ${summary.stopped.message}`,
    `  documents: ${d.seen} seen, ${d.indexed} indexed, ${d.skipped} unchanged (skipped), ${d.failed} failed${summary.pruneRan ? `, ${d.pruned} pruned` : ''}`,
    `  chunks:    ${chunks.written} written, ${chunks.failed} failed${chunks.failed > 0 ? ' (funcpipe rag retry-failed retries them)' : ''}`,
    `  embedding: ${e.calls} calls, ${e.embedded} embedded, ${e.cacheHits} cache hits, ${e.retries} retries`,
    `  time:      ${seconds(summary.durationMs)}`,
    `  index:     ${summary.index}`,
  ];
  if (summary.failures.length > 0) {
    lines.push('  failed files:');
    for (const f of summary.failures.slice(0, LISTED_FAILURES)) lines.push(`    ${f.path}: ${f.reason} (${f.code})`);
    if (summary.failures.length > LISTED_FAILURES) lines.push(`    ... and ${summary.failures.length - LISTED_FAILURES} more (--json lists them all)`);
  }
  if (summary.stopped !== undefined) lines.push(`  ${RESUME_HINTS[summary.stopped.reason] ?? ''}`);
  return `${lines.join('\n')}\n`;
}

/** The summary of a retry-failed run. */
export function formatRetrySummary(summary: RetryFailedSummary): string {
  const lines = [
    summary.stopped === undefined ? 'retry-failed complete' : `retry-failed stopped (${summary.stopped.reason}): ${summary.stopped.message}`,
    `  chunks:    ${summary.retried} retried, ${summary.resolved} resolved, ${summary.stillFailing} still failing`,
    `  embedding: ${summary.embedding.calls} calls, ${summary.embedding.retries} retries`,
    `  time:      ${seconds(summary.durationMs)}`,
    `  index:     ${summary.index}`,
  ];
  return `${lines.join('\n')}\n`;
}

/** Query hits: rank, score, path, heading trail, offsets, and the start of the text. */
export function formatHits(result: QueryResult): string {
  if (result.hits.length === 0) return `no results for "${result.query}" (${result.mode}) in ${result.index}\n`;
  const lines = [`${result.hits.length} results for "${result.query}" (${result.mode}) in ${result.index}`];
  result.hits.forEach((hit, i) => {
    const trail = hit.headingTrail.length > 0 ? ` > ${hit.headingTrail.join(' > ')}` : '';
    lines.push(`${String(i + 1).padStart(2)}. ${hit.score.toFixed(4)}  ${hit.path}${trail}  [${hit.start}, ${hit.end})`);
    lines.push(`      ${excerpt(hit.text)}`);
  });
  return `${lines.join('\n')}\n`;
}

function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 160 ? `${flat.slice(0, 157)}...` : flat;
}
