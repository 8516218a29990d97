// Seed 000's motivating example, for real: an embedding stage holds one pooled connection (a TCP
// socket to a local server, from the core's createPool) while a rate breaker watches its results.
// When the dependency starts failing, the breaker trips; before the consumer even sees the final
// Err(BreakInfo), the lease is back in the pool and, the pool being the run's own, the socket is
// closed. Then the consumer reports the break and leaves the loop.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import net from 'node:net';
import { pipe } from '../../src/pipe.js';
import * as Async from '../../src/async/index.js';
import { createPool, type Pool } from '../../src/resource/pool.js';
import type { PoolLease } from '../../src/resource/pool-lease.js';
import { err, ok, type Result } from '../../src/result/result.js';
import { errInfo, type ErrInfo } from '../../src/result/err-info.js';
import { circuitBreakerRateEmit } from '../../src/policy/circuit-breaker-rate-emit.js';
import { isBreakInfo, type BreakInfo } from '../../src/policy/break-info.js';
import { eventually, failOnUnhandledRejections } from '../support/recorder.js';

failOnUnhandledRejections();

/** A line server standing for an embedding service: "embed N" -> "vec N", failing from item `failFrom` on. */
async function startEmbedServer(failFrom: number): Promise<{ port: number; open: () => number; requests: () => number; stop: () => Promise<void> }> {
  const sockets = new Set<net.Socket>();
  let requests = 0;
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    let buffered = '';
    socket.on('data', (data) => {
      buffered += data.toString('utf8');
      for (let nl = buffered.indexOf('\n'); nl >= 0; nl = buffered.indexOf('\n')) {
        const n = Number(buffered.slice('embed '.length, nl));
        buffered = buffered.slice(nl + 1);
        requests++;
        socket.write(n >= failFrom ? `fail ${n}\n` : `vec ${n}\n`);
      }
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    port: (server.address() as net.AddressInfo).port,
    open: () => sockets.size,
    requests: () => requests,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** One persistent connection: one request line out, one response line back. */
class Connection {
  private buffered = '';
  private waiting: ((line: string) => void) | undefined;
  constructor(readonly socket: net.Socket) {
    socket.on('data', (data) => {
      this.buffered += data.toString('utf8');
      const nl = this.buffered.indexOf('\n');
      if (nl >= 0 && this.waiting !== undefined) {
        const line = this.buffered.slice(0, nl);
        this.buffered = this.buffered.slice(nl + 1);
        const waiting = this.waiting;
        this.waiting = undefined;
        waiting(line);
      }
    });
  }
  request(line: string, signal: AbortSignal): Promise<string> {
    return new Promise((resolve, reject) => {
      const onAbort = (): void => reject(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiting = (reply) => {
        signal.removeEventListener('abort', onAbort);
        resolve(reply);
      };
      this.socket.write(`${line}\n`);
    });
  }
}

async function connect(port: number): Promise<Connection> {
  const socket = net.connect(port, '127.0.0.1');
  await once(socket, 'connect');
  return new Connection(socket);
}

async function closeConnection(connection: Connection): Promise<void> {
  const { socket } = connection;
  if (socket.closed) return;
  socket.end();
  await once(socket, 'close');
}

test('seed 000: the breaker trips; lease back in the pool and socket closed before the consumer sees the end', async () => {
  const server = await startEmbedServer(30);
  const events: string[] = [];
  const sockets: net.Socket[] = [];
  const chunks = Array.from({ length: 100_000 }, (_, i) => `chunk ${i}`);

  // The run owns its pool (outer bracket) and holds one lease of it (inner bracket) while it embeds.
  const embedded = Async.bracket(
    (): Pool<Connection> =>
      createPool<Connection>({
        name: 'embedder',
        max: 1,
        create: async () => {
          const connection = await connect(server.port);
          sockets.push(connection.socket);
          return connection;
        },
        destroy: async (connection) => {
          await closeConnection(connection);
          events.push('socket closed');
        },
      }),
    (pool) =>
      Async.bracket(
        (signal) => pool.acquire({ signal }),
        (lease: PoolLease<Connection>) =>
          Async.fromResultProducer(async function* (signal): AsyncGenerator<Result<number, ErrInfo>> {
            for (const [i, chunk] of chunks.entries()) {
              const reply = await lease.value.request(`embed ${i}`, signal);
              yield reply.startsWith('vec') ? ok(chunk.length) : err(errInfo('EMBED_FAILED', reply, { index: i }));
            }
          }),
        async (lease) => {
          await lease.release();
          const { inUse, idle } = pool.stats();
          events.push(`lease back (inUse ${inUse}, idle ${idle})`);
        },
      ),
    async (pool) => {
      await pool.close();
      events.push('pool closed');
    },
  );

  let processed = 0;
  let reported: BreakInfo | undefined;
  for await (const r of pipe(embedded, circuitBreakerRateEmit({ maxRate: 0.2, window: 20, minItems: 10 }))) {
    if (!r.ok && isBreakInfo(r.error)) {
      reported = r.error;
      // By the time the consumer sees the break, everything upstream is released, in LIFO order.
      assert.deepEqual(events, ['lease back (inUse 0, idle 1)', 'socket closed', 'pool closed']);
      assert.ok(sockets.every((s) => s.closed));
      break;
    }
    processed++;
  }
  assert.ok(reported !== undefined, 'the breaker tripped');
  // Items 0..29 succeed; from 30 on they fail: with 20 items in the window, 5 Errs (0.25 > 0.2) trip at item 34.
  assert.equal(reported.index, 34);
  assert.equal(reported.errs, 5);
  assert.equal(reported.items, 20);
  assert.equal(processed, 35);
  assert.equal(sockets.length, 1, 'one persistent connection for the whole run');
  assert.equal(server.requests(), 35, 'no request after the trip');
  await eventually(() => server.open() === 0, 'the server sees the connection closed');
  await server.stop();
});
