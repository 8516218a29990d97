import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createProgress } from '../../src/cli/progress.js';
import { openEventLog } from '../../src/cli/event-log.js';
import type { IngestEvent } from '../../src/pipeline/ingest-event.js';
import { appTempDir } from '../support/app-temp.js';

const indexed: IngestEvent = { type: 'document', path: '/t/a.md', outcome: 'indexed', chunks: 3, failedChunks: 0, cacheHits: 1 };
const skipped: IngestEvent = { type: 'document', path: '/t/b.md', outcome: 'skipped', chunks: 0, failedChunks: 0, cacheHits: 0 };

function collector(isTTY: boolean): { text: () => string; write: (t: string) => boolean; isTTY: boolean } {
  let text = '';
  return { text: () => text, write: (t) => ((text += t), true), isTTY };
}

test('lines mode (not a TTY): a plain line with counts, total and rate, only when something changed', async () => {
  const out = collector(false);
  const progress = createProgress({ mode: 'auto', output: out, intervalMs: 5 });
  progress.total(10);
  progress.event(indexed);
  progress.event(skipped);
  while (!out.text().includes('\n')) await new Promise((resolve) => setTimeout(resolve, 5));
  progress.stop();
  assert.match(out.text(), /^ingest: 2 of 10 files \(1 indexed, 1 skipped, 0 failed\), 3 chunks, [\d.]+ files\/s\n/);
  assert.equal(out.text().split('\n').length, 2, 'no new line while nothing changes');
});

test('bar mode (a TTY): a cli-progress bar with files, rate and ETA; none and quiet print nothing', () => {
  const tty = collector(true);
  const bar = createProgress({ mode: 'auto', output: tty });
  bar.total(4);
  bar.event(indexed);
  bar.stop();
  assert.match(tty.text(), /ingest \[.*\] 25% \| 1\/4 files \| [\d.]+ files\/s \| ETA/);
  const silent = collector(true);
  const none = createProgress({ mode: 'none', output: silent });
  none.total(1);
  none.event(indexed);
  none.stop();
  assert.equal(silent.text(), '');
});

test('the event log writes one JSON object per line, with its time, to a file or to stderr', async () => {
  using dir = appTempDir();
  const file = join(dir.path, 'events.jsonl');
  {
    await using log = await openEventLog(file, collector(false));
    log.write(indexed);
    log.write({ type: 'prune', root: '/t', removed: 2 });
  }
  const lines = readFileSync(file, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
  assert.deepEqual(lines.map((l) => l['type']), ['document', 'prune']);
  assert.ok(lines.every((l) => typeof l['time'] === 'string'));
  const stderr = collector(false);
  {
    await using log = await openEventLog('-', stderr);
    log.write(skipped);
  }
  assert.match(stderr.text(), /^\{"time":"[^"]+","type":"document","path":"\/t\/b\.md"/);
});
