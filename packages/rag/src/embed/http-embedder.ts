// `createHttpEmbedder`: an Embedder over an OpenAI-compatible `POST /v1/embeddings` (OpenAI,
// Ollama, TEI, vLLM, `funcpipe rag serve-embeddings`), through ONE keep-alive undici pool.
import type { Dispatcher } from 'undici';
import { z } from 'zod';
import { createHttpPool, httpTransportErrInfo, type HttpPool, type HttpPoolStats, type RequestTarget } from '@funcpipe/io/http';
import { EmbedError, type Embedder, type EmbedderInfo } from './embedder.js';
import { describe, parseOptions } from './internal/parse-options.js';
import { normalize, readVectors, refusalErrInfo } from './openai-answer.js';

/** The settings of {@link createHttpEmbedder}, as JSON data (a config file can hold them). */
export const httpEmbedderOptionsSchema = z.strictObject({
  /**
   * The service's URL: requests go to `<baseUrl>/v1/embeddings`, or to `<baseUrl>/embeddings` when
   * it already ends in `/v1` (`https://api.openai.com/v1`, `http://127.0.0.1:11434`, a TEI or vLLM origin).
   */
  baseUrl: z.url({ protocol: /^https?$/ }),
  /** The model to ask for, such as `text-embedding-3-small`. */
  model: z.string().min(1),
  /** Sent as `dimensions` (models that can shorten their vectors); every answer must have this length. Absent: learned from the first answer. */
  dimensions: z.number().int().min(1).max(65_536).optional(),
  /** The environment variable holding the API key (sent as `Authorization: Bearer`, never logged). Default `OPENAI_API_KEY`; unset: no header. */
  apiKeyEnv: z.string().min(1).optional(),
  /** The pool's connection bound (keep-alive sockets to the service). Default 4. */
  connections: z.number().int().min(1).max(1_024).optional(),
  /** `"float"` (default, every service) or `"base64"` (little-endian float32: smaller answers, where the service supports it). */
  encoding: z.enum(['float', 'base64']).optional(),
  /** L2-normalise every vector on arrival (so cosine similarity is a dot product whatever the service sends). Default true. */
  normalize: z.boolean().optional(),
  /** How long a request may wait for the answer's headers, and its body between two reads, in ms. Default 60,000. */
  requestTimeoutMs: z.number().int().min(1).max(3_600_000).optional(),
  /** How long disposal waits for requests in flight before destroying the connections, in ms. Default 5,000. */
  closeTimeoutMs: z.number().int().min(0).max(600_000).optional(),
});

/** The settings of {@link createHttpEmbedder}; see {@link httpEmbedderOptionsSchema}. */
export type HttpEmbedderOptions = z.input<typeof httpEmbedderOptionsSchema>;

/** What {@link createHttpEmbedder} needs besides its data: where the API key is read from. */
export interface HttpEmbedderRuntime {
  /** The environment the `apiKeyEnv` variable is read from; default `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** An {@link Embedder} over HTTP, with a look at its pool. */
export interface HttpEmbedder extends Embedder {
  /** The URL every call goes to (`.../v1/embeddings`). */
  readonly url: string;
  /** The pool's connection counts now. */
  poolStats(): HttpPoolStats;
}

const WHERE = 'createHttpEmbedder';
/** How much of an error body is read for its message and code. */
const ERROR_BODY_LIMIT = 64 * 1024;

/**
 * Opens an OpenAI-compatible HTTP embedder: each `embed(texts, signal)` is one `POST
 * .../v1/embeddings` (see `baseUrl`) with `{ model, input: texts, dimensions?, encoding_format? }` over one
 * keep-alive pool of `connections` sockets. Answers are checked (one vector per input, every
 * index once, one dimension, finite numbers; otherwise `EMBED_PROTOCOL`). Failures reject with an
 * {@link EmbedError}: `EMBED_QUOTA` (429 `insufficient_quota`), `EMBED_REJECTED` (400, 413, 422),
 * `EMBED_AUTH` (401, 403), `HTTP_<status>` with `retryAfterMs` from `Retry-After`, `HTTP_NETWORK`,
 * `HTTP_TIMEOUT`. Nothing is retried here (that is the embedding stage's job). An abort rejects
 * with `signal.reason` at once and closes that request's connection. `info.dimension` is
 * `dimensions`, or 0 until the first answer tells it. Disposal closes the pool (waits up to
 * `closeTimeoutMs` for requests in flight, then destroys the connections).
 *
 * @throws TypeError / RangeError naming the field for invalid options.
 * @example
 * ```ts
 * await using embedder = await createHttpEmbedder({ baseUrl: 'https://api.openai.com/v1', model: 'text-embedding-3-small', dimensions: 512 });
 * const [vector] = await embedder.embed(['hello'], AbortSignal.timeout(10_000));
 * ```
 */
export async function createHttpEmbedder(options: HttpEmbedderOptions, runtime: HttpEmbedderRuntime = {}): Promise<HttpEmbedder> {
  const opts = parseOptions(httpEmbedderOptionsSchema, options, WHERE, 'options');
  if (typeof runtime !== 'object' || runtime === null) throw new TypeError(`${WHERE}: expected \`runtime\` to be an object like { env }, got ${describe(runtime)}`);
  const env = runtime.env ?? process.env;
  const keyName = opts.apiKeyEnv ?? 'OPENAI_API_KEY';
  const apiKey = env[keyName];
  const base = new URL(opts.baseUrl);
  const root = base.pathname.replace(/\/+$/, '');
  const path = `${root}${root.endsWith('/v1') ? '' : '/v1'}/embeddings${base.search}`;
  const timeout = opts.requestTimeoutMs ?? 60_000;
  const pool = await createHttpPool(base.origin, {
    connections: opts.connections ?? 4,
    headersTimeoutMs: timeout,
    bodyTimeoutMs: timeout,
    closeTimeoutMs: opts.closeTimeoutMs ?? 5_000,
  });
  return new OpenAiEmbedder(pool, path, opts.model, opts.dimensions, opts.encoding ?? 'float', opts.normalize ?? true, keyName, apiKey === '' ? undefined : apiKey);
}

class OpenAiEmbedder implements HttpEmbedder {
  readonly url: string;
  #dimension: number | undefined;
  readonly #apiKey: string | undefined;
  readonly #headers: Record<string, string>;
  #disposed = false;

  constructor(
    private readonly pool: HttpPool,
    private readonly path: string,
    private readonly model: string,
    private readonly dimensions: number | undefined,
    private readonly encoding: 'float' | 'base64',
    private readonly normalizes: boolean,
    private readonly keyName: string,
    apiKey: string | undefined,
  ) {
    this.url = pool.origin + path;
    this.#dimension = dimensions;
    this.#apiKey = apiKey;
    this.#headers = { 'content-type': 'application/json', accept: 'application/json', ...(apiKey === undefined ? {} : { authorization: `Bearer ${apiKey}` }) };
  }

  get info(): EmbedderInfo {
    return { model: this.model, dimension: this.#dimension ?? 0, normalized: this.normalizes };
  }

  poolStats(): HttpPoolStats {
    return this.pool.stats();
  }

  async embed(texts: readonly string[], signal: AbortSignal): Promise<Float32Array[]> {
    if (!Array.isArray(texts) || texts.some((t) => typeof t !== 'string')) throw new TypeError(`HttpEmbedder.embed: expected \`texts\` to be an array of strings, got ${describe(texts)}`);
    if (!(signal instanceof AbortSignal)) throw new TypeError(`HttpEmbedder.embed: expected \`signal\` to be an AbortSignal, got ${describe(signal)}`);
    if (this.#disposed) throw new Error('HttpEmbedder.embed: the embedder was disposed');
    if (signal.aborted) throw signal.reason;
    if (texts.length === 0) return [];
    const target: RequestTarget = { method: 'POST', url: this.url };
    const payload = { model: this.model, input: texts, ...(this.dimensions === undefined ? {} : { dimensions: this.dimensions }), ...(this.encoding === 'base64' ? { encoding_format: 'base64' } : {}) };
    let response: Dispatcher.ResponseData;
    try {
      response = await this.pool.dispatcher.request({ method: 'POST', path: this.path, headers: this.#headers, body: JSON.stringify(payload), signal });
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      throw new EmbedError(httpTransportErrInfo(error, target));
    }
    const { statusCode: status, headers, body } = response;
    try {
      if (status < 200 || status > 299) throw new EmbedError(this.refusal(status, headers, await readLimited(body, ERROR_BODY_LIMIT), target));
      const vectors = readVectors(await body.json(), texts.length, this.#dimension, target);
      if (!Array.isArray(vectors)) throw new EmbedError(vectors);
      this.#dimension ??= vectors[0]!.length;
      if (this.normalizes) for (const vector of vectors) normalize(vector);
      return vectors;
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      if (error instanceof EmbedError) throw error;
      if (typeof (error as { code?: unknown } | null)?.code === 'string') throw new EmbedError(httpTransportErrInfo(error, target));
      throw new EmbedError({ code: 'EMBED_PROTOCOL', msg: `POST ${this.url}: the answer is not JSON: ${error instanceof Error ? error.message : String(error)}`, cause: error, context: { url: this.url } });
    } finally {
      if (!body.closed) {
        if (signal.aborted) body.destroy();
        else await body.dump({ limit: ERROR_BODY_LIMIT }).catch(() => body.destroy());
      }
    }
  }

  private refusal(status: number, headers: Readonly<Record<string, string | string[] | undefined>>, text: string, target: RequestTarget): EmbedError['info'] {
    const info = refusalErrInfo(status, headers, text, target);
    if (info.code !== 'EMBED_AUTH') return info;
    const hint = this.#apiKey === undefined ? `no API key was sent: the environment variable ${this.keyName} is not set` : `check the API key in the environment variable ${this.keyName}`;
    return { ...info, msg: `${info.msg} (${hint})` };
  }

  async [Symbol.asyncDispose](): Promise<void> {
    this.#disposed = true;
    await this.pool.close();
  }
}

/** Reads a body as text, at most `limit` bytes of it (a longer body is cut, and its connection closed). */
async function readLimited(body: Dispatcher.ResponseData['body'], limit: number): Promise<string> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const part of body as AsyncIterable<Buffer>) {
    parts.push(part);
    size += part.length;
    if (size >= limit) break;
  }
  return Buffer.concat(parts).toString('utf8').slice(0, limit);
}
