// RELIABILITY finding 6: an HTTP response whose request the run's own signal aborted emits
// Node's "aborted" error (ECONNRESET) while the run cleans up. That error is the stop's echo, not
// a cleanup failure: the caller sees the abort reason alone, and the error is published on
// funcpipe:stop-echo. A response that fails before any stop still fails the run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { createServer, get, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { bracket } from '../../src/async/bracket.js';
import { fromReadable } from '../../src/async/from-readable.js';
import { STOP_ECHO_CHANNEL } from '../../src/internal/stop-echo.js';

async function streamingServer(): Promise<{ port: number; responses: Set<ServerResponse>; close: () => Promise<void> }> {
  const responses = new Set<ServerResponse>();
  const server = createServer((_req, res) => {
    responses.add(res);
    const timer = setInterval(() => res.write('chunk\n'), 2);
    res.once('close', () => clearInterval(timer));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    responses,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function response(port: number, signal: AbortSignal): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    get({ host: '127.0.0.1', port, path: '/', agent: false, signal }, resolve).once('error', reject);
  });
}

test('an abort of the run that also aborts the request: the caller sees the reason alone; the response\'s "aborted" error is an echo', async () => {
  const server = await streamingServer();
  const echoes: unknown[] = [];
  const onEcho = (message: unknown): void => void echoes.push((message as { error: unknown }).error);
  subscribe(STOP_ECHO_CHANNEL, onEcho);
  try {
    const controller = new AbortController();
    const reason = new Error('stop');
    const run = bracket((signal) => response(server.port, signal), (res) => fromReadable<Buffer>(res), (res) => void res.destroy()).iterate({ signal: controller.signal });
    assert.equal((await run.next()).done, false);
    const pending = run.next().then(() => run.next());
    controller.abort(reason);
    await assert.rejects(pending, (error) => error === reason);
    await run.return();
    assert.ok(echoes.some((e) => e instanceof Error && e.message === 'aborted'), 'the "aborted" error was published as the echo');
  } finally {
    unsubscribe(STOP_ECHO_CHANNEL, onEcho);
    await server.close();
  }
});

test('a response reset by the server before any stop still fails the run', async () => {
  const server = await streamingServer();
  try {
    const run = bracket((signal) => response(server.port, signal), (res) => fromReadable<Buffer>(res), (res) => void res.destroy()).iterate();
    assert.equal((await run.next()).done, false);
    for (const res of server.responses) res.socket?.destroy();
    await assert.rejects(async () => {
      for (let step = await run.next(); step.done !== true; step = await run.next());
    }, /aborted|premature close/);
  } finally {
    await server.close();
  }
});
