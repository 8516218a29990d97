// Fixtures of the embedding cases: `funcpipe rag`'s embeddings server (the local embedder, 384
// dimensions) in a process of its own, so the client under test has the event loop to itself
// (killed when the child exits), and the chunk texts every subject embeds.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createHash } from 'node:crypto';

const SERVE = `
  const { serveEmbeddings } = await import('@funcpipe/rag');
  const server = await serveEmbeddings({ faults: JSON.parse(process.argv[1]), logSize: 0 });
  process.stdout.write(server.url + '\\n');`;

/**
 * Starts the embeddings server with `faults` (a FaultPlan) in its own process; resolves its origin.
 * @param {Record<string, unknown>} faults
 * @returns {Promise<string>}
 */
export async function embeddingsServer(faults) {
  const child = spawn(process.execPath, ['--input-type=module', '-e', SERVE, JSON.stringify(faults)], { stdio: ['ignore', 'pipe', 'inherit'] });
  process.on('exit', () => child.kill());
  const [chunk] = await once(child.stdout, 'data');
  return String(chunk).trim();
}

const WORDS = 'stream pipeline resource cursor socket release batch embed vector index query chunk token retry breaker limit pool connection document heading paragraph sentence cache manifest'.split(' ');

/**
 * `n` chunks of about 800 characters (the size a docs ingest makes), the same for every subject,
 * as the embedding stage takes them.
 * @param {number} n
 */
export function benchChunks(n) {
  const chunks = [];
  for (let i = 0; i < n; i++) {
    const words = [];
    for (let length = 0, k = i; length < 800; k = (k * 1103515245 + 12345) % 2147483648) {
      const word = WORDS[k % WORDS.length] + (k % 7 === 0 ? ` ${i}` : '');
      words.push(word);
      length += word.length + 1;
    }
    const text = words.join(' ');
    chunks.push({ ordinal: i, text, headingTrail: [], start: 0, end: text.length, textHash: createHash('sha256').update(text).digest('hex'), tokens: Math.ceil(text.length / 4) });
  }
  return chunks;
}
