// Pool behaviour against real TCP connections: a server on 127.0.0.1 counts the connections it
// sees, so "reused", "destroyed" and "nothing left open" are checked on the server's side. A
// connection left open makes `server.until(...)` wait, and the test fails on its timeout.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter, getEventListeners, once } from 'node:events';
import net from 'node:net';
import { setImmediate as tick } from 'node:timers/promises';
import { createPool, type Pool } from '../../src/resource/pool.js';
import { LeaseReleasedError, PoolClosedError, PoolTimeoutError } from '../../src/resource/pool-errors.js';

interface EchoServer {
  readonly port: number;
  readonly accepted: () => number;
  readonly open: () => number;
  /** Resolves once `predicate` holds, re-checked at every accept and close on the server side. */
  readonly until: (predicate: () => boolean) => Promise<void>;
  readonly stop: () => Promise<void>;
}

async function startEchoServer(): Promise<EchoServer> {
  const sockets = new Set<net.Socket>();
  const changes = new EventEmitter();
  let accepted = 0;
  const server = net.createServer((socket) => {
    accepted += 1;
    sockets.add(socket);
    socket.on('error', () => {});
    socket.on('data', (data) => socket.write(data));
    socket.on('close', () => {
      sockets.delete(socket);
      changes.emit('change');
    });
    changes.emit('change');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as net.AddressInfo;
  const until = async (predicate: () => boolean): Promise<void> => {
    while (!predicate()) await once(changes, 'change');
  };
  return {
    port,
    accepted: () => accepted,
    open: () => sockets.size,
    until,
    stop: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
    },
  };
}

function connect(port: number, signal: AbortSignal): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ port, host: '127.0.0.1', signal });
    socket.once('error', reject);
    socket.once('connect', () => {
      socket.off('error', reject);
      resolve(socket);
    });
  });
}

function disconnect(socket: net.Socket): Promise<void> {
  if (socket.destroyed) return Promise.resolve();
  const closed = once(socket, 'close').then(() => undefined);
  socket.end();
  return closed;
}

async function echo(socket: net.Socket, text: string): Promise<string> {
  const reply = once(socket, 'data');
  socket.write(text);
  const [data] = (await reply) as [Buffer];
  return data.toString();
}

function socketPool(server: EchoServer, extra: { max?: number; acquireTimeoutMs?: number; validate?: (s: net.Socket) => boolean } = {}) {
  let destroyed = 0;
  const pool: Pool<net.Socket> = createPool({
    name: 'echo',
    create: (signal) => connect(server.port, signal),
    destroy: async (socket) => {
      destroyed += 1;
      await disconnect(socket);
    },
    ...extra,
  });
  return { pool, destroyed: () => destroyed };
}

test('pool: at most max connections, waiters served FIFO with reused connections, none open after close', { timeout: 10_000 }, async () => {
  const server = await startEchoServer();
  try {
    const { pool, destroyed } = socketPool(server, { max: 2 });
    const a = await pool.acquire();
    const b = await pool.acquire();
    const order: string[] = [];
    const third = pool.acquire().then((l) => (order.push('third'), l));
    const fourth = pool.acquire().then((l) => (order.push('fourth'), l));
    await tick();
    assert.deepEqual(pool.stats(), { size: 2, idle: 0, inUse: 2, pending: 0, waiting: 2 });
    assert.equal(await echo(a.value, 'ping'), 'ping');
    const socketA = a.value;
    await a.release();
    const c = await third;
    assert.equal(c.value, socketA, 'the returned connection goes straight to the first waiter');
    await b.release();
    const d = await fourth;
    assert.deepEqual(order, ['third', 'fourth']);
    assert.equal(await echo(d.value, 'pong'), 'pong');
    assert.equal(server.accepted(), 2);
    await c.release();
    await d.release();
    assert.deepEqual(pool.stats(), { size: 2, idle: 2, inUse: 0, pending: 0, waiting: 0 });
    await pool.close();
    await server.until(() => server.open() === 0);
    assert.equal(destroyed(), 2);
    assert.deepEqual(pool.stats(), { size: 0, idle: 0, inUse: 0, pending: 0, waiting: 0 });
  } finally {
    await server.stop();
  }
});

test('pool: await using returns the lease on every path; a second release rejects and changes nothing', { timeout: 10_000 }, async () => {
  const server = await startEchoServer();
  try {
    const { pool } = socketPool(server, { max: 1 });
    await assert.rejects(
      (async () => {
        await using lease = await pool.acquire();
        await echo(lease.value, 'x');
        throw new Error('body failed');
      })(),
      /body failed/,
    );
    assert.deepEqual(pool.stats(), { size: 1, idle: 1, inUse: 0, pending: 0, waiting: 0 });
    const lease = await pool.acquire();
    await lease.release();
    await assert.rejects(lease.release(), (e) => e instanceof LeaseReleasedError && e.pool === 'echo');
    await assert.rejects(lease.destroy(), LeaseReleasedError);
    assert.throws(() => lease.value, LeaseReleasedError);
    await lease[Symbol.asyncDispose]();
    assert.deepEqual(pool.stats(), { size: 1, idle: 1, inUse: 0, pending: 0, waiting: 0 });
    const again = await pool.acquire();
    assert.deepEqual(pool.stats(), { size: 1, idle: 0, inUse: 1, pending: 0, waiting: 0 }, 'the item was not inserted twice');
    await again.release();
    await pool.close();
    await server.until(() => server.open() === 0);
    assert.equal(server.accepted(), 1);
  } finally {
    await server.stop();
  }
});

test('pool: acquireTimeoutMs rejects with a typed error naming the pool and removes the waiter', { timeout: 10_000 }, async () => {
  const server = await startEchoServer();
  try {
    const { pool } = socketPool(server, { max: 1, acquireTimeoutMs: 10 });
    const held = await pool.acquire();
    await assert.rejects(pool.acquire(), (e) => {
      assert.ok(e instanceof PoolTimeoutError);
      assert.equal(e.pool, 'echo');
      assert.equal(e.timeoutMs, 10);
      assert.match(e.message, /"echo".*10 ms/);
      return true;
    });
    assert.equal(pool.stats().waiting, 0);
    await held.release();
    assert.deepEqual(pool.stats(), { size: 1, idle: 1, inUse: 0, pending: 0, waiting: 0 });
    await pool.close();
    await server.until(() => server.open() === 0);
  } finally {
    await server.stop();
  }
});

test('pool: an aborted signal rejects with its reason and removes the waiter and its listener', { timeout: 10_000 }, async () => {
  const server = await startEchoServer();
  try {
    const { pool } = socketPool(server, { max: 1 });
    const held = await pool.acquire();
    const controller = new AbortController();
    const waiting = pool.acquire({ signal: controller.signal });
    await tick();
    assert.equal(pool.stats().waiting, 1);
    const reason = new Error('caller gave up');
    controller.abort(reason);
    await assert.rejects(waiting, (e) => e === reason);
    assert.equal(pool.stats().waiting, 0);
    assert.equal(getEventListeners(controller.signal, 'abort').length, 0);
    await assert.rejects(pool.acquire({ signal: controller.signal }), (e) => e === reason, 'an already aborted signal');
    await held.release();
    assert.equal(pool.stats().idle, 1, 'the released item was not handed to the aborted waiter');
    await pool.close();
    await server.until(() => server.open() === 0);
  } finally {
    await server.stop();
  }
});

test('pool: close rejects waiters and later acquires, and waits for lent connections to come back', { timeout: 10_000 }, async () => {
  const server = await startEchoServer();
  try {
    const { pool, destroyed } = socketPool(server, { max: 2 });
    const lent = await pool.acquire();
    const other = await pool.acquire();
    const waiter = pool.acquire();
    const otherWaiter = pool.acquire();
    let closed = false;
    const closing = pool.close().then(() => (closed = true));
    await Promise.all([
      assert.rejects(waiter, (e) => e instanceof PoolClosedError && e.pool === 'echo'),
      assert.rejects(otherWaiter, PoolClosedError),
    ]);
    await assert.rejects(pool.acquire(), PoolClosedError);
    await other.release();
    assert.equal(destroyed(), 1, 'a lease coming back after close is destroyed before release() resolves');
    await tick();
    assert.equal(closed, false, 'close waits for the connection still lent');
    await server.until(() => server.open() === 1);
    assert.equal(await echo(lent.value, 'still usable'), 'still usable');
    await lent.release();
    await closing;
    assert.equal(closed, true);
    await server.until(() => server.open() === 0);
    assert.equal(destroyed(), 2);
    assert.equal(pool.close(), pool.close(), 'close is idempotent');
  } finally {
    await server.stop();
  }
});

test('pool: a create that fails rejects that acquire and frees the slot', { timeout: 10_000 }, async () => {
  const server = await startEchoServer();
  const { port } = server;
  await server.stop();
  const pool = createPool<net.Socket>({ name: 'down', create: (signal) => connect(port, signal), destroy: disconnect, max: 1 });
  await assert.rejects(pool.acquire(), (e: NodeJS.ErrnoException) => e.code === 'ECONNREFUSED');
  assert.deepEqual(pool.stats(), { size: 0, idle: 0, inUse: 0, pending: 0, waiting: 0 });
  await assert.rejects(pool.acquire(), (e: NodeJS.ErrnoException) => e.code === 'ECONNREFUSED');
  await pool.close();
});

test('pool: validate discards a dead connection and the acquire gets a fresh one', { timeout: 10_000 }, async () => {
  const server = await startEchoServer();
  try {
    const { pool, destroyed } = socketPool(server, { max: 1, validate: (socket) => !socket.destroyed });
    const first = await pool.acquire();
    const dead = first.value;
    dead.destroy();
    await once(dead, 'close');
    await first.release();
    const second = await pool.acquire();
    assert.notEqual(second.value, dead);
    assert.equal(await echo(second.value, 'fresh'), 'fresh');
    assert.equal(destroyed(), 1);
    await second.release();
    await pool.close();
    await server.until(() => server.open() === 0);
    assert.equal(server.accepted(), 2);
  } finally {
    await server.stop();
  }
});

test('pool: lease.destroy() closes a broken connection and frees its slot', { timeout: 10_000 }, async () => {
  const server = await startEchoServer();
  try {
    const { pool, destroyed } = socketPool(server, { max: 1 });
    const lease = await pool.acquire();
    const next = pool.acquire();
    await lease.destroy();
    assert.equal(destroyed(), 1);
    const fresh = await next;
    assert.equal(await echo(fresh.value, 'new'), 'new');
    await fresh.release();
    await pool.close();
    await server.until(() => server.open() === 0);
    assert.equal(server.accepted(), 2);
  } finally {
    await server.stop();
  }
});

test('pool: an acquire that times out aborts the create started for it', { timeout: 10_000 }, async () => {
  const server = await startEchoServer();
  try {
    let sawAbort = false;
    const pool = createPool<net.Socket>({
      name: 'slow',
      acquireTimeoutMs: 5,
      create: (signal) =>
        new Promise((_, reject) => {
          signal.addEventListener('abort', () => {
            sawAbort = true;
            reject(signal.reason);
          });
        }),
      destroy: disconnect,
    });
    await assert.rejects(pool.acquire(), PoolTimeoutError);
    assert.equal(sawAbort, true);
    await tick();
    assert.deepEqual(pool.stats(), { size: 0, idle: 0, inUse: 0, pending: 0, waiting: 0 });
    await pool.close();
  } finally {
    await server.stop();
  }
});

test('pool: warm() creates min connections that stay idle until used', { timeout: 10_000 }, async () => {
  const server = await startEchoServer();
  try {
    const { pool } = socketPool(server, { max: 3 });
    const warmPool = createPool<net.Socket>({ name: 'warm', min: 2, max: 3, create: (s) => connect(server.port, s), destroy: disconnect });
    await warmPool.warm();
    assert.deepEqual(warmPool.stats(), { size: 2, idle: 2, inUse: 0, pending: 0, waiting: 0 });
    await server.until(() => server.open() === 2);
    await warmPool.warm();
    assert.equal(warmPool.stats().size, 2, 'warm() only tops up to min');
    assert.equal(server.accepted(), 2);
    await pool.warm();
    assert.equal(pool.stats().size, 0, 'min defaults to 0');
    await Promise.all([warmPool.close(), pool.close()]);
    await server.until(() => server.open() === 0);
    await assert.rejects(warmPool.warm(), PoolClosedError);
  } finally {
    await server.stop();
  }
});
