import { connect } from 'node:net';

/** What a CancelRequest needs from a connected `pg.Client`. */
export interface CancelTarget {
  readonly host: string;
  readonly port: number;
  readonly processID: number | null;
  readonly secretKey: number | null;
}

const CANCEL_REQUEST_CODE = 80877102; // 1234 << 16 | 5678, from the protocol specification

/**
 * Asks the server to cancel the statement the backend of `target` is running, the way libpq's
 * `PQcancel` does: a CancelRequest (backend pid and secret key) on a fresh socket of its own, so
 * it needs no pool slot and no authentication. Resolves once the server closed that socket (it
 * has read the request) or after `timeoutMs`; never rejects: a cancel is best effort, and the
 * caller destroys the connection afterwards in every case.
 */
export function sendCancelRequest(target: CancelTarget, timeoutMs: number): Promise<void> {
  const { processID, secretKey } = target;
  if (processID === null || secretKey === null) return Promise.resolve();
  return new Promise((resolve) => {
    const socket = target.host.startsWith('/')
      ? connect(`${target.host}/.s.PGSQL.${target.port}`)
      : connect(target.port, target.host);
    const timer = setTimeout(() => socket.destroy(), timeoutMs);
    socket.once('connect', () => {
      const packet = Buffer.alloc(16);
      packet.writeInt32BE(16, 0);
      packet.writeInt32BE(CANCEL_REQUEST_CODE, 4);
      packet.writeInt32BE(processID, 8);
      packet.writeInt32BE(secretKey, 12);
      socket.end(packet);
    });
    socket.on('error', () => socket.destroy());
    socket.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
    socket.resume(); // the server sends nothing back; reading lets the socket see its end
  });
}
