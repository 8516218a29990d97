// The flags that override configuration fields, shared by the subcommands, and how their values
// become a configuration override (only flags given on the command line override the file).
import { Command, InvalidArgumentError, Option } from 'commander';

/** Parses an integer flag value (a usage error otherwise). */
export function integer(value: string): number {
  if (!/^-?\d+$/.test(value.trim())) throw new InvalidArgumentError('expected an integer');
  return Number(value);
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** Adds the flags every index-using subcommand has: where the index is, which embedder, output. */
export function withCommonFlags(command: Command): Command {
  return command
    .option('-c, --config <file>', 'configuration file (JSON, or YAML for any other extension)')
    .option('--index <path>', 'the SQLite index file (default: $XDG_DATA_HOME/funcpipe/rag/index.sqlite)')
    .option('--store <url>', 'a PostgreSQL index (postgres://user@host:port/db)')
    .addOption(new Option('--embedder <kind>', 'the embedder').choices(['local', 'http']))
    .option('--embedder-url <url>', 'base URL of an OpenAI-compatible embeddings service (implies --embedder http)')
    .option('--model <name>', 'the HTTP embedder model')
    .option('--dimensions <n>', 'vector length (local dimension, or `dimensions` sent to the service)', integer)
    .option('--api-key-env <name>', 'environment variable holding the API key')
    .option('--connections <n>', 'HTTP keep-alive connections', integer)
    .option('--json', 'print the result as one JSON object on stdout')
    .option('-q, --quiet', 'print no progress and no summary (errors still go to stderr)')
    .option('--debug', 'print stacks with errors');
}

/** Adds the flags of `ingest` (and `config`, which shows their effect). */
export function withIngestFlags(command: Command): Command {
  return command
    .option('--include <glob>', 'only files matching this glob (repeatable)', collect)
    .option('--exclude <glob>', 'leave out files and directories matching this glob (repeatable)', collect)
    .option('--no-gitignore', 'do not read .gitignore files')
    .option('--no-follow-symlinks', 'do not follow symbolic links')
    .option('--verify-hash', 'hash files whose size and mtime are unchanged too')
    .option('--prune', 'remove indexed documents under the roots that no longer exist (after a complete scan)')
    .option('--concurrency <n>', 'documents processed at once', integer)
    .addOption(new Option('--chunk-unit <unit>', 'chunk size unit').choices(['chars', 'tokens']))
    .option('--chunk-size <n>', 'largest chunk, in the unit', integer)
    .option('--chunk-overlap <n>', 'overlap between chunks, in the unit', integer)
    .option('--batch-size <n>', 'most chunks per embedding call', integer)
    .option('--batch-tokens <n>', 'most tokens per embedding call', integer)
    .option('--embed-concurrency <n>', 'embedding calls in flight', integer)
    .option('--requests-per-minute <n>', 'rate limit on embedding calls', integer)
    .option('--tokens-per-minute <n>', 'rate limit on embedded tokens', integer)
    .option('--max-attempts <n>', 'attempts per embedding call (retries + 1)', integer)
    .option('--no-breaker', 'no circuit breaker over the embedding calls')
    .addOption(new Option('--progress <mode>', 'progress display').choices(['auto', 'bar', 'lines', 'none']))
    .option('--events <file>', 'write JSON-lines events to this file (- for stderr)');
}

/** The configuration override the flags given on the command line make (flags not given are left out). */
export function overridesFrom(command: Command): Record<string, unknown> {
  const given = (key: string): unknown => (command.getOptionValueSource(key) === 'cli' ? (command.opts() as Record<string, unknown>)[key] : undefined);
  const index = given('store') ?? given('index');
  const kind = given('embedder') ?? (given('embedderUrl') !== undefined ? 'http' : undefined);
  const http = { baseUrl: given('embedderUrl'), model: given('model'), apiKeyEnv: given('apiKeyEnv'), connections: given('connections') };
  const embedder = { kind, dimensions: given('dimensions'), ...(kind === 'local' ? {} : http) };
  return {
    index,
    include: given('include'),
    exclude: given('exclude'),
    gitignore: given('gitignore'),
    followSymlinks: given('followSymlinks'),
    verifyHash: given('verifyHash'),
    prune: given('prune'),
    concurrency: given('concurrency'),
    chunking: { unit: given('chunkUnit'), size: given('chunkSize'), overlap: given('chunkOverlap') },
    embedder,
    policies: {
      maxBatchSize: given('batchSize'),
      maxBatchTokens: given('batchTokens'),
      concurrency: given('embedConcurrency'),
      rateLimit: { requestsPerMinute: given('requestsPerMinute'), tokensPerMinute: given('tokensPerMinute') },
      retry: { maxAttempts: given('maxAttempts') },
      breaker: given('breaker'),
    },
    output: { progress: given('progress'), events: given('events'), quiet: given('quiet'), json: given('json'), debug: given('debug') },
  };
}
