// `funcpipe rag serve-embeddings`: the OpenAI-compatible embeddings server over the local
// embedder, with its fault switches as flags, until SIGINT/SIGTERM.
import { once } from 'node:events';
import { Command, InvalidArgumentError } from 'commander';
import { createLocalEmbedder } from '../embed/local-embedder.js';
import { serveEmbeddings } from '../server/serve-embeddings.js';
import type { FaultPlan } from '../server/fault-plan.js';
import type { CliIo } from './cli-io.js';
import { integer } from './config-flags.js';
import { runSignal } from './run-signal.js';

function probability(value: string): number {
  const p = Number(value);
  if (value.trim() === '' || !(p >= 0 && p <= 1)) throw new InvalidArgumentError('expected a number from 0 to 1');
  return p;
}

/** The fault switches as flags: flag, help, value parser, and the {@link FaultPlan} field it sets. */
const FAULT_FLAGS: readonly (readonly [flag: string, help: string, parse: ((value: string) => unknown) | undefined, field: keyof FaultPlan])[] = [
  ['--latency-ms <n>', 'wait this long before each answer', integer, 'latencyMs'],
  ['--rate-limit-every <n>', 'answer every n-th request with 429 and Retry-After', integer, 'rateLimitEvery'],
  ['--rate-limit-probability <p>', 'answer a request with 429 with this probability (seeded)', probability, 'rateLimitProbability'],
  ['--retry-after <seconds>', 'the Retry-After of those 429s', integer, 'retryAfterSeconds'],
  ['--seed <n>', 'seed of the random faults', integer, 'seed'],
  ['--quota-after <n>', 'after n requests, answer every request with a quota 429 (insufficient_quota)', integer, 'quotaAfter'],
  ['--server-error-every <n>', 'answer every n-th request with a 5xx', integer, 'serverErrorEvery'],
  ['--server-error-status <status>', 'the status of those failures (500-599)', integer, 'serverErrorStatus'],
  ['--reject-pattern <regex>', 'answer 400 to a request with an input matching this pattern (a poison chunk)', undefined, 'rejectPattern'],
  ['--max-inputs <n>', 'answer 413 to a request with more inputs', integer, 'maxInputs'],
];

/** The option key commander derives from a flag (`--latency-ms <n>` -> `latencyMs`). */
function keyOf(flag: string): string {
  return (flag.split(' ')[0] as string).slice(2).replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

/** Adds the `serve-embeddings` subcommand to `rag`; `done` receives its exit code. */
export function addServeCommand(rag: Command, io: CliIo, done: (code: number) => void): void {
  const command = rag
    .command('serve-embeddings')
    .description('serve POST /v1/embeddings (OpenAI-compatible) with the local embedder, with fault switches for testing')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--port <n>', 'port (0: a free one)', integer, 0)
    .option('--dimensions <n>', 'vector length of the local embedder', integer)
    .option('--model <name>', 'model name to serve (default funcpipe-local-v1)')
    .option('--api-key-env <name>', 'require the API key held by this environment variable (401 otherwise)')
    .option('--json', 'print the address as one JSON object');
  for (const [flag, help, parse] of FAULT_FLAGS) {
    if (parse === undefined) command.option(flag, help);
    else command.option(flag, help, parse);
  }
  command.action(async (options: Record<string, unknown>) => done(await serve(options, io)));
}

async function serve(options: Record<string, unknown>, io: CliIo): Promise<number> {
  const faults: Record<string, unknown> = {};
  for (const [flag, , , field] of FAULT_FLAGS) if (options[keyOf(flag)] !== undefined) faults[field] = options[keyOf(flag)];
  if (typeof options['apiKeyEnv'] === 'string') faults['apiKey'] = requiredEnv(io, options['apiKeyEnv']);
  using stop = runSignal(io);
  const dimensions = options['dimensions'];
  await using embedder = createLocalEmbedder(typeof dimensions === 'number' ? { dimension: dimensions } : {});
  await using server = await serveEmbeddings({
    embedder,
    host: options['host'] as string,
    port: options['port'] as number,
    ...(typeof options['model'] === 'string' ? { model: options['model'] } : {}),
    faults: faults as FaultPlan,
  });
  const address = { url: server.url, baseUrl: server.baseUrl, port: server.port, model: server.model };
  io.stdout.write(options['json'] === true ? `${JSON.stringify(address)}\n` : `serving embeddings at ${server.baseUrl}/embeddings (model ${server.model}); Ctrl-C stops\n`);
  if (!stop.signal.aborted) await once(stop.signal, 'abort');
  await server.close();
  const stats = server.stats();
  io.stderr.write(`served ${stats.embeddingRequests} embedding requests (${stats.embeddedInputs} inputs), by status ${JSON.stringify(stats.byStatus)}\n`);
  return 0;
}

function requiredEnv(io: CliIo, name: string): string {
  const value = io.env[name];
  if (value === undefined || value === '') throw new InvalidArgumentError(`the environment variable ${name} (from --api-key-env) is not set`);
  return value;
}
