// The OpenAI embeddings request as the server reads it: `{ model, input, dimensions?,
// encoding_format? }`, checked field by field so a bad request gets a 400 that says what was wrong.

/** A checked embeddings request. */
export interface EmbeddingsRequest {
  readonly model: string;
  readonly inputs: readonly string[];
  readonly dimensions: number | undefined;
  readonly encoding: 'float' | 'base64';
}

/** Why a request body was refused: the message and OpenAI-style `param`. */
export interface BadRequest {
  readonly message: string;
  readonly param: string | null;
}

/** Reads the request body's JSON, or says what is wrong with it. */
export function readEmbeddingsRequest(body: string): EmbeddingsRequest | BadRequest {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return { message: 'The request body is not valid JSON.', param: null };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { message: 'The request body must be a JSON object.', param: null };
  const { model, input, dimensions, encoding_format: encoding } = value as Record<string, unknown>;
  if (typeof model !== 'string' || model === '') return { message: "'model' is required and must be a non-empty string.", param: 'model' };
  const inputs = typeof input === 'string' ? [input] : input;
  if (!Array.isArray(inputs) || inputs.length === 0) return { message: "'input' must be a string or a non-empty array of strings.", param: 'input' };
  for (let i = 0; i < inputs.length; i++) {
    const text: unknown = inputs[i];
    if (typeof text !== 'string') return { message: `'input[${i}]' must be a string (token arrays are not served here).`, param: 'input' };
    if (text === '') return { message: `'input[${i}]' is empty; every input must hold some text.`, param: 'input' };
  }
  if (dimensions !== undefined && (typeof dimensions !== 'number' || !Number.isInteger(dimensions) || dimensions < 1)) {
    return { message: "'dimensions' must be an integer >= 1.", param: 'dimensions' };
  }
  if (encoding !== undefined && encoding !== 'float' && encoding !== 'base64') return { message: "'encoding_format' must be 'float' or 'base64'.", param: 'encoding_format' };
  return { model, inputs: inputs as string[], dimensions: dimensions as number | undefined, encoding: encoding ?? 'float' };
}

/**
 * A vector as the answer carries it: shortened to `dimensions` and L2-normalised again (what
 * OpenAI's `dimensions` does), then as numbers or as base64 of little-endian float32.
 */
export function encodeVector(vector: Float32Array, dimensions: number | undefined, encoding: 'float' | 'base64'): number[] | string {
  let out = vector;
  if (dimensions !== undefined && dimensions < vector.length) {
    out = vector.slice(0, dimensions);
    let norm = 0;
    for (let i = 0; i < out.length; i++) norm += out[i]! * out[i]!;
    norm = Math.sqrt(norm);
    if (norm > 0) for (let i = 0; i < out.length; i++) out[i] = out[i]! / norm;
  }
  if (encoding === 'float') return Array.from(out);
  return Buffer.from(out.buffer, out.byteOffset, out.byteLength).toString('base64');
}

/**
 * The JSON text of a successful answer, written by hand: `JSON.stringify` of number arrays is
 * about four times slower than joining the numbers' own strings (the same text for finite
 * numbers), and the answer's size is all numbers.
 */
export function answerJson(embeddings: readonly (number[] | string)[], model: string, tokens: number): string {
  let out = '{"object":"list","data":[';
  for (let index = 0; index < embeddings.length; index++) {
    const embedding = embeddings[index]!;
    out += `${index === 0 ? '' : ','}{"object":"embedding","index":${index},"embedding":`;
    if (typeof embedding === 'string') out += `"${embedding}"}`;
    else {
      let numbers = '[';
      for (let i = 0; i < embedding.length; i++) numbers += i === 0 ? String(embedding[i]) : `,${embedding[i]}`;
      out += `${numbers}]}`;
    }
  }
  return `${out}],"model":${JSON.stringify(model)},"usage":{"prompt_tokens":${tokens},"total_tokens":${tokens}}}`;
}
