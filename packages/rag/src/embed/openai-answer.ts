// Reading an OpenAI-compatible embeddings answer: the vectors of a 200 (count, indexes and
// dimension checked), and the EmbedError of any other status (the error body read for its code).
import { errInfo, type ErrInfo } from 'funcpipe';
import { httpStatusErrInfo, type RequestTarget } from '@funcpipe/io/http';

/** The vectors of a successful answer, in input order, or the `EMBED_PROTOCOL` ErrInfo of a malformed one. */
export function readVectors(answer: unknown, count: number, dimension: number | undefined, target: RequestTarget): Float32Array[] | ErrInfo {
  const bad = (what: string): ErrInfo => errInfo('EMBED_PROTOCOL', `${target.method} ${target.url}: malformed embeddings answer: ${what}`, { context: { url: target.url } });
  const data = (answer as { data?: unknown } | null)?.data;
  if (!Array.isArray(data)) return bad('no `data` array');
  if (data.length !== count) return bad(`${data.length} embeddings for ${count} inputs`);
  const vectors = new Array<Float32Array | undefined>(count);
  let expected = dimension;
  for (let i = 0; i < count; i++) {
    const item = data[i] as { index?: unknown; embedding?: unknown } | null;
    const index = item?.index ?? i;
    if (typeof index !== 'number' || !Number.isInteger(index) || index < 0 || index >= count) return bad(`data[${i}].index is not an input position`);
    if (vectors[index] !== undefined) return bad(`index ${index} appears twice`);
    const vector = vectorOf(item?.embedding);
    if (vector === undefined) return bad(`data[${i}].embedding is neither an array of finite numbers nor base64 float32`);
    expected ??= vector.length;
    if (vector.length !== expected || vector.length === 0) return bad(`data[${i}].embedding has ${vector.length} dimensions, expected ${expected}`);
    vectors[index] = vector;
  }
  return vectors as Float32Array[];
}

function vectorOf(embedding: unknown): Float32Array | undefined {
  if (typeof embedding === 'string') {
    const bytes = Buffer.from(embedding, 'base64');
    if (bytes.length % 4 !== 0) return undefined;
    const vector = new Float32Array(bytes.length / 4);
    new Uint8Array(vector.buffer).set(bytes);
    for (let i = 0; i < vector.length; i++) if (!Number.isFinite(vector[i])) return undefined;
    return vector;
  }
  if (!Array.isArray(embedding)) return undefined;
  const vector = new Float32Array(embedding.length);
  for (let i = 0; i < embedding.length; i++) {
    const x: unknown = embedding[i];
    if (typeof x !== 'number' || !Number.isFinite(x)) return undefined;
    vector[i] = x;
  }
  return vector;
}

/** Scales `vector` to length 1 in place (a zero vector stays zero). */
export function normalize(vector: Float32Array): Float32Array {
  let sum = 0;
  for (let i = 0; i < vector.length; i++) sum += vector[i]! * vector[i]!;
  if (sum === 0) return vector;
  const scale = 1 / Math.sqrt(sum);
  for (let i = 0; i < vector.length; i++) vector[i] = vector[i]! * scale;
  return vector;
}

/**
 * The ErrInfo of a refused request: `EMBED_QUOTA` (429 whose error code or type is
 * `insufficient_quota`), `EMBED_REJECTED` (400, 413, 422), `EMBED_AUTH` (401, 403), else the HTTP
 * adapter's `HTTP_<status>` (with `retryAfterMs` from `Retry-After`). The service's own message
 * and code are kept in `msg` and `context.serviceCode`.
 */
export function refusalErrInfo(status: number, headers: Readonly<Record<string, string | string[] | undefined>>, body: string, target: RequestTarget): ErrInfo {
  const base = httpStatusErrInfo(status, headers, target);
  const service = serviceError(body);
  const detail = service.message === undefined ? '' : `: ${service.message.slice(0, 300)}`;
  const context = { ...base.context, ...(service.code === undefined ? {} : { serviceCode: service.code }) };
  const code = embedCode(status, service);
  return { ...base, code, msg: `${base.msg}${detail}`, context: code === base.code ? context : { ...context, retryable: false } };
}

function embedCode(status: number, service: { code?: string; type?: string }): string {
  if (status === 429 && (service.code === 'insufficient_quota' || service.type === 'insufficient_quota')) return 'EMBED_QUOTA';
  if (status === 400 || status === 413 || status === 422) return 'EMBED_REJECTED';
  if (status === 401 || status === 403) return 'EMBED_AUTH';
  return `HTTP_${status}`;
}

/** The `{ error: { message, type, code } }` of an error body (OpenAI's shape; TEI and Ollama send `{ error: "..." }`). */
function serviceError(body: string): { message?: string; type?: string; code?: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return body.trim() === '' ? {} : { message: body.trim() };
  }
  const error = (parsed as { error?: unknown } | null)?.error;
  if (typeof error === 'string') return { message: error };
  if (typeof error !== 'object' || error === null) return {};
  const { message, type, code } = error as Record<string, unknown>;
  return {
    ...(typeof message === 'string' ? { message } : {}),
    ...(typeof type === 'string' ? { type } : {}),
    ...(typeof code === 'string' ? { code } : {}),
  };
}
