import type { Pool, PoolClient } from 'pg';
import { PostgresError, toPostgresError } from './postgres-error.js';

/**
 * One connection leased from a `pg.Pool`, held by one run (or one transaction) and handed back
 * exactly once. From checkout to hand-back it carries an `'error'` listener, so a backend that
 * dies while the connection is leased is recorded (and rejects what waits on it) instead of
 * crashing the process. It is returned to the pool only when its state is known to be clean:
 * no error seen, not inside a transaction, and the caller did not ask for it to be destroyed
 * (after a cancel, or a cursor that did not close in time); otherwise it is destroyed.
 */
export class ClientLease {
  private failure: Error | undefined;
  private readonly waiters = new Set<(error: Error) => void>();
  private handedBack = false;
  private poisoned = false;

  constructor(
    readonly client: PoolClient,
    readonly where: string,
  ) {
    client.on('error', this.onError);
  }

  /** The error the connection reported while leased, if any (the connection is then dead). */
  get error(): Error | undefined {
    return this.failure;
  }

  /**
   * Waits for `promise`, rejecting early when `signal` aborts (with its reason) or when the
   * connection fails (with its error). `promise` must already have a rejection handler.
   */
  wait<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
    if (signal.aborted) return Promise.reject(signal.reason);
    if (this.failure !== undefined) return Promise.reject(this.failure);
    return new Promise<T>((resolve, reject) => {
      const onAbort = (): void => {
        done();
        reject(signal.reason);
      };
      const onFailure = (error: Error): void => {
        done();
        reject(error);
      };
      const done = (): void => {
        signal.removeEventListener('abort', onAbort);
        this.waiters.delete(onFailure);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiters.add(onFailure);
      promise.then(
        (value) => {
          done();
          resolve(value);
        },
        (error: unknown) => {
          done();
          reject(error);
        },
      );
    });
  }

  /** Marks the connection for destruction at hand-back (a cancel was sent on it). */
  poison(): void {
    this.poisoned = true;
  }

  /**
   * Hands the connection back, once (later calls do nothing): destroyed when `destroy` is true,
   * when it reported an error, or when it is inside a transaction; returned to the pool otherwise.
   * Returns true when it was returned, false when destroyed.
   */
  handBack(destroy: boolean): boolean {
    if (this.handedBack) return false;
    this.handedBack = true;
    const client = this.client;
    const status = typeof client.getTransactionStatus === 'function' ? client.getTransactionStatus() : 'I';
    const discard = destroy || this.poisoned || this.failure !== undefined || status !== 'I';
    try {
      client.release(discard ? true : undefined);
    } finally {
      client.removeListener('error', this.onError);
    }
    return !discard;
  }

  private readonly onError = (error: Error): void => {
    this.failure ??= error;
    for (const waiter of [...this.waiters]) waiter(error);
  };
}

/**
 * Leases a connection from `pool`, giving up after `timeoutMs` (a `CONNECT_TIMEOUT`
 * {@link PostgresError}) or when `signal` aborts (rejecting with its reason). A connection that
 * arrives after either is handed straight back, so none is ever lost.
 */
export function leaseClient(pool: Pool, where: string, timeoutMs: number, signal: AbortSignal): Promise<ClientLease> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<ClientLease>((resolve, reject) => {
    let settled = false;
    const giveUp = (error: unknown): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      reject(error);
    };
    const onAbort = (): void => giveUp(signal.reason);
    const timer = setTimeout(
      () => giveUp(new PostgresError('connect', 'CONNECT_TIMEOUT', where, `no connection within ${timeoutMs} ms`, undefined, undefined)),
      timeoutMs,
    );
    signal.addEventListener('abort', onAbort, { once: true });
    pool.connect().then(
      (client) => {
        if (settled) {
          client.release();
          return;
        }
        const lease = new ClientLease(client, where);
        settled = true;
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        resolve(lease);
      },
      (error: unknown) => giveUp(toPostgresError('connect', error, where, undefined)),
    );
  });
}
