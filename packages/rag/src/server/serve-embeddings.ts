// `serveEmbeddings`: a real node:http server speaking the OpenAI embeddings API over an Embedder,
// with fault switches (latency, 429 with Retry-After, quota 429, 5xx, a poison pattern, an API
// key, a batch limit) and counters, so the HTTP embedding path is tested and measured for real.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { systemClock } from 'funcpipe';
import { z } from 'zod';
import type { Embedder } from '../embed/embedder.js';
import { createLocalEmbedder } from '../embed/local-embedder.js';
import { followSignals } from '../embed/internal/follow-signals.js';
import { describe, parseOptions } from '../embed/internal/parse-options.js';
import { FaultSwitches, type FaultPlan } from './fault-plan.js';
import { answerJson, encodeVector, readEmbeddingsRequest } from './openai-wire.js';

/** Options of {@link serveEmbeddings}. */
export interface ServeEmbeddingsOptions {
  /** What makes the vectors; default the local embedder (`createLocalEmbedder()`, 384 dimensions). Not disposed by the server. */
  readonly embedder?: Embedder;
  /** The address to listen on; default `127.0.0.1` (loopback only). */
  readonly host?: string;
  /** The port; default 0 (a free port, see {@link EmbeddingsServer.url}). */
  readonly port?: number;
  /** The model name requests must ask for; default the embedder's `info.model`. */
  readonly model?: string;
  /** The fault switches (see {@link FaultPlan}); default none. */
  readonly faults?: FaultPlan;
  /** The largest request body, in bytes (a larger one is a 413); default 16 MiB. */
  readonly maxBodyBytes?: number;
  /** How long {@link EmbeddingsServer.close} waits for requests in flight before cutting their connections, in ms; default 5,000. */
  readonly closeTimeoutMs?: number;
  /** How many of the latest requests {@link EmbeddingsServer.log} keeps; default 10,000. */
  readonly logSize?: number;
}

/** One request the server answered, as {@link EmbeddingsServer.log} keeps it. */
export interface RequestRecord {
  /** The request's number among embeddings requests (from 1); 0 for other routes. */
  readonly n: number;
  readonly method: string;
  readonly path: string;
  /** The answer's status. */
  readonly status: number;
  /** Inputs in the request (0 when it was refused before its body was read). */
  readonly inputs: number;
  /** When the request arrived and when its answer was sent, in ms since the epoch (sub-millisecond, monotonic within the process). */
  readonly receivedAt: number;
  readonly answeredAt: number;
}

/** The server's counters, a snapshot. */
export interface EmbeddingsServerStats {
  /** Every HTTP request received. */
  readonly requests: number;
  /** `POST /v1/embeddings` requests received (faults included). */
  readonly embeddingRequests: number;
  /** Inputs embedded and answered (200s only). */
  readonly embeddedInputs: number;
  /** Answers by status, such as `{ "200": 40, "429": 3 }`. */
  readonly byStatus: Readonly<Record<string, number>>;
  /** Sockets open now, accepted in all, and the most open at once. */
  readonly sockets: { readonly open: number; readonly total: number; readonly maxOpen: number };
}

/** A running embeddings server. `AsyncDisposable`: disposal is {@link EmbeddingsServer.close}. */
export interface EmbeddingsServer extends AsyncDisposable {
  /** The origin, such as `http://127.0.0.1:41234`. */
  readonly url: string;
  /** The API root for OpenAI-style clients: `url + '/v1'`. */
  readonly baseUrl: string;
  readonly port: number;
  /** The model name served. */
  readonly model: string;
  stats(): EmbeddingsServerStats;
  /** The latest requests answered, oldest first (at most `logSize`). */
  log(): readonly RequestRecord[];
  /**
   * Stops accepting connections, closes idle keep-alive connections, lets requests in flight
   * finish (their connections close after the answer) for up to `closeTimeoutMs`, then cuts what
   * is left. Resolves once every socket is closed. Idempotent.
   */
  close(): Promise<void>;
}

const WHERE = 'serveEmbeddings';

const optionsSchema = z.strictObject({
  embedder: z.unknown().optional(),
  host: z.string().min(1).optional(),
  port: z.number().int().min(0).max(65_535).optional(),
  model: z.string().min(1).optional(),
  faults: z.unknown().optional(),
  maxBodyBytes: z.number().int().min(1).max(2 ** 31).optional(),
  closeTimeoutMs: z.number().int().min(0).max(600_000).optional(),
  logSize: z.number().int().min(0).max(10_000_000).optional(),
});

/**
 * Starts an OpenAI-compatible embeddings server: `POST /v1/embeddings` (also `/embeddings`) with
 * `{ model, input: string | string[], dimensions?, encoding_format? }` answers `{ object: "list",
 * data: [{ object: "embedding", index, embedding }], model, usage: { prompt_tokens, total_tokens } }`
 * (`dimensions` shortens and re-normalises each vector; `encoding_format: "base64"` sends
 * little-endian float32; `usage` counts are an estimate, one token per 4 characters). Errors are
 * `{ error: { message, type, param, code } }`; `GET /health` answers `{ status: "ok", model, dimension }`.
 *
 * Each embeddings request meets the switches in this order: API key (401 `invalid_api_key`),
 * latency, quota (429 `insufficient_quota`), rate limit (429 `rate_limit_exceeded` with
 * `Retry-After`), server error (5xx), then its body: size (413), JSON and fields (400), model
 * (404 `model_not_found`), `maxInputs` (413), the reject pattern (400 `invalid_input` naming the
 * first matching input), and finally the embedder.
 *
 * @example
 * ```ts
 * await using server = await serveEmbeddings({ faults: { latencyMs: 5, rateLimitEvery: 10 } }); // the local embedder
 * await using embedder = await createHttpEmbedder({ baseUrl: server.baseUrl, model: server.model });
 * ```
 */
export async function serveEmbeddings(options: ServeEmbeddingsOptions = {}): Promise<EmbeddingsServer> {
  const opts = parseOptions(optionsSchema, options, WHERE, 'options');
  const embedder = (opts.embedder ?? createLocalEmbedder()) as Partial<Embedder> | undefined;
  if (typeof embedder?.embed !== 'function' || typeof embedder.info?.model !== 'string') {
    throw new TypeError(`${WHERE}: expected \`options.embedder\` to be an Embedder (such as createLocalEmbedder()), got ${describe(opts.embedder)}`);
  }
  const faults = new FaultSwitches(opts.faults, WHERE);
  const server = new Server(embedder as Embedder, opts.model ?? embedder.info.model, faults, opts.maxBodyBytes ?? 16 * 1024 * 1024, opts.closeTimeoutMs ?? 5_000, opts.logSize ?? 10_000);
  await server.listen(opts.host ?? '127.0.0.1', opts.port ?? 0);
  return server;
}

/** The error body OpenAI sends. */
function errorBody(message: string, type: string, code: string | null, param: string | null = null): object {
  return { error: { message, type, param, code } };
}

class Server implements EmbeddingsServer {
  url = '';
  baseUrl = '';
  port = 0;
  private readonly http = createServer((req, res) => void this.handle(req, res));
  private readonly counters = { requests: 0, embeddingRequests: 0, embeddedInputs: 0 };
  private readonly byStatus: Record<string, number> = {};
  private readonly sockets = { open: 0, total: 0, maxOpen: 0 };
  private readonly records: RequestRecord[] = [];
  private closing: Promise<void> | undefined;
  /** Called when the last open socket closes (set while closing). */
  private idle: (() => void) | undefined;
  /** Aborted on close past the deadline: ends latency waits and embedder calls still running. */
  private readonly stopping = new AbortController();

  constructor(
    private readonly embedder: Embedder,
    readonly model: string,
    private readonly faults: FaultSwitches,
    private readonly maxBodyBytes: number,
    private readonly closeTimeoutMs: number,
    private readonly logSize: number,
  ) {
    // Longer than a client's keep-alive (undici: 4 s), so the client is the one that lets go.
    this.http.keepAliveTimeout = 30_000;
    this.http.on('connection', (socket: Socket) => {
      this.sockets.total++;
      this.sockets.maxOpen = Math.max(this.sockets.maxOpen, ++this.sockets.open);
      socket.on('close', () => {
        if (--this.sockets.open === 0) this.idle?.();
      });
    });
  }

  listen(host: string, port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      this.http.once('error', reject);
      this.http.listen(port, host, () => {
        this.http.off('error', reject);
        const address = this.http.address() as AddressInfo;
        this.port = address.port;
        this.url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
        this.baseUrl = `${this.url}/v1`;
        resolve();
      });
    });
  }

  stats(): EmbeddingsServerStats {
    return { ...this.counters, byStatus: { ...this.byStatus }, sockets: { ...this.sockets } };
  }

  log(): readonly RequestRecord[] {
    return [...this.records];
  }

  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  private async shutdown(): Promise<void> {
    const serverClosed = new Promise<void>((resolve) => this.http.close(() => resolve()));
    const socketsClosed = new Promise<void>((resolve) => {
      this.idle = resolve;
      if (this.sockets.open === 0) resolve();
    });
    const closed = Promise.all([serverClosed, socketsClosed]);
    this.http.closeIdleConnections();
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => (timer = setTimeout(resolve, this.closeTimeoutMs, 'late')));
    try {
      if ((await Promise.race([closed.then(() => 'closed' as const), late])) === 'late') {
        this.stopping.abort(new Error('serveEmbeddings: the server closed'));
        this.http.closeAllConnections();
        await closed;
      }
    } finally {
      clearTimeout(timer);
    }
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const receivedAt = performance.timeOrigin + performance.now();
    this.counters.requests++;
    const path = (req.url ?? '/').split('?')[0]!;
    const record = { n: 0, method: req.method ?? 'GET', path, inputs: 0, receivedAt };
    const answer = (status: number, body: object | string, headers: Record<string, string> = {}): void => this.answer(res, record, status, body, headers);
    try {
      if (path === '/health') {
        if (req.method !== 'GET') return answer(405, errorBody('Use GET /health.', 'invalid_request_error', 'method_not_allowed'), { allow: 'GET' });
        return answer(200, { status: 'ok', model: this.model, dimension: this.embedder.info.dimension });
      }
      if (path !== '/v1/embeddings' && path !== '/embeddings') return answer(404, errorBody(`Unknown route ${path}.`, 'invalid_request_error', 'not_found'));
      if (req.method !== 'POST') return answer(405, errorBody('Use POST for embeddings.', 'invalid_request_error', 'method_not_allowed'), { allow: 'POST' });
      await this.embeddings(req, res, record, answer);
    } catch (error) {
      if (res.headersSent || res.destroyed) return;
      answer(500, errorBody(`The embedder failed: ${error instanceof Error ? error.message : String(error)}`, 'server_error', 'server_error'));
    }
  }

  private async embeddings(req: IncomingMessage, res: ServerResponse, record: { n: number; inputs: number }, answer: (status: number, body: object | string, headers?: Record<string, string>) => void): Promise<void> {
    const n = (record.n = ++this.counters.embeddingRequests);
    const { plan } = this.faults;
    if (plan.apiKey !== undefined && req.headers.authorization !== `Bearer ${plan.apiKey}`) {
      return answer(401, errorBody('Incorrect API key provided.', 'invalid_request_error', 'invalid_api_key'));
    }
    // A client that goes away (an abort) ends the request's wait and its embedder call.
    const gone = new AbortController();
    const onClose = (): void => {
      if (!res.writableFinished) gone.abort(new Error('the client closed the connection'));
    };
    res.on('close', onClose);
    const unlink = followSignals(gone, [this.stopping.signal]);
    const signal = gone.signal;
    try {
      if (plan.latencyMs !== undefined && plan.latencyMs > 0) await systemClock.sleep(plan.latencyMs, signal);
      const fault = this.faults.decide(n);
      if (fault.kind === 'quota') return answer(429, errorBody('You exceeded your current quota, please check your plan and billing details.', 'insufficient_quota', 'insufficient_quota'));
      if (fault.kind === 'rateLimit') {
        return answer(429, errorBody('Rate limit reached for requests.', 'requests', 'rate_limit_exceeded'), { 'retry-after': String(fault.retryAfterSeconds) });
      }
      if (fault.kind === 'serverError') return answer(fault.status, errorBody('The server had an error while processing your request.', 'server_error', 'server_error'));
      const body = await readBody(req, this.maxBodyBytes, signal);
      if (body === undefined) return answer(413, errorBody(`The request body is larger than ${this.maxBodyBytes} bytes.`, 'invalid_request_error', 'request_too_large'));
      const request = readEmbeddingsRequest(body);
      if (!('inputs' in request)) return answer(400, errorBody(request.message, 'invalid_request_error', 'invalid_request', request.param));
      const { inputs } = request;
      record.inputs = inputs.length;
      if (request.model !== this.model) return answer(404, errorBody(`The model '${request.model}' does not exist; this server serves '${this.model}'.`, 'invalid_request_error', 'model_not_found', 'model'));
      const native = this.embedder.info.dimension;
      if (request.dimensions !== undefined && request.dimensions > native) {
        return answer(400, errorBody(`'dimensions' ${request.dimensions} is above the model's ${native}.`, 'invalid_request_error', 'invalid_dimensions', 'dimensions'));
      }
      if (plan.maxInputs !== undefined && inputs.length > plan.maxInputs) {
        return answer(413, errorBody(`${inputs.length} inputs in one request; at most ${plan.maxInputs} are allowed.`, 'invalid_request_error', 'too_many_inputs', 'input'));
      }
      const poison = this.faults.poisonIndex(inputs);
      if (poison >= 0) return answer(400, errorBody(`'input[${poison}]' was rejected: it matches the server's reject pattern.`, 'invalid_request_error', 'invalid_input', 'input'));
      const vectors = await this.embedder.embed(inputs, signal);
      let chars = 0;
      for (const text of inputs) chars += text.length;
      const tokens = Math.ceil(chars / 4);
      this.counters.embeddedInputs += inputs.length;
      const embeddings = vectors.map((vector) => encodeVector(vector, request.dimensions, request.encoding));
      answer(200, answerJson(embeddings, this.model, tokens));
    } catch (error) {
      if (signal.aborted) {
        // The client left (nothing to answer) or the server is closing (cut below).
        if (!res.destroyed) res.destroy();
        return;
      }
      throw error;
    } finally {
      res.off('close', onClose);
      unlink();
    }
  }

  /** Sends `body` (an object as JSON, or JSON text already written) and records the answer. */
  private answer(res: ServerResponse, record: Omit<RequestRecord, 'status' | 'answeredAt'>, status: number, body: object | string, headers: Record<string, string>): void {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    const head: Record<string, string | number> = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers };
    if (this.closing !== undefined) head['connection'] = 'close';
    res.writeHead(status, head).end(text);
    const key = String(status);
    this.byStatus[key] = (this.byStatus[key] ?? 0) + 1;
    if (this.logSize === 0) return;
    if (this.records.length >= this.logSize) this.records.shift();
    this.records.push({ ...record, status, answeredAt: performance.timeOrigin + performance.now() });
  }
}

/** The request body as text, or `undefined` when it is longer than `limit` bytes (the rest is drained). */
async function readBody(req: IncomingMessage, limit: number, signal: AbortSignal): Promise<string | undefined> {
  const parts: Buffer[] = [];
  let size = 0;
  let over = false;
  for await (const part of req.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>) {
    if (signal.aborted) throw signal.reason;
    size += part.length;
    if (size > limit) over = true;
    if (!over) parts.push(part);
  }
  return over ? undefined : Buffer.concat(parts).toString('utf8');
}
