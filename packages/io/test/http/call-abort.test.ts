import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHttpPool } from '../../src/http.js';
import { CallAbort, sendOver } from '../../src/http/http-pool.js';
import { eventually, poolSettled, startServer } from '../support/http-server.js';

test('CallAbort: every abort listener runs once, with aborted and reason set first; removed and late listeners never run', () => {
  const abort = new CallAbort();
  const calls: string[] = [];
  const first = (): void => void calls.push(`first:${String(abort.aborted)}:${String(abort.reason)}`);
  const second = (): void => void calls.push('second');
  const removed = (): void => void calls.push('removed');
  abort.addEventListener('abort', first);
  abort.addEventListener('abort', removed);
  abort.addEventListener('abort', second);
  abort.addEventListener('other', removed);
  abort.removeEventListener('abort', removed);
  abort.abort('why');
  abort.abort('again');
  abort.addEventListener('abort', removed);
  assert.deepEqual(calls, ['first:true:why', 'second']);
  assert.equal(abort.reason, 'why');
});

test('CallAbort: aborting it cancels the undici request it was given: the call rejects with the reason, the connection is freed', async () => {
  await using server = await startServer(() => {}); // never answers
  await using pool = await createHttpPool(server.origin, { connections: 1 });
  const abort = new CallAbort();
  const sent = sendOver(pool, { path: '/hang' }, (r) => r.body.text(), abort);
  await eventually(() => server.requests.length === 1, 'the server got the request');
  const reason = new Error('stop');
  abort.abort(reason);
  await assert.rejects(sent, (e) => e === reason);
  await poolSettled(pool);
});
