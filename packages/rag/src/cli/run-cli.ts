// The `funcpipe` command line: `funcpipe rag ingest | query | retry-failed | serve-embeddings | config`.
import { Command, CommanderError, Option } from 'commander';
import { configJsonSchema } from '../config/config-json-schema.js';
import { loadConfig, type ResolvedConfig } from '../config/load-config.js';
import { query, QUERY_MODES, type QueryMode } from '../pipeline/query.js';
import { retryFailed } from '../pipeline/retry-failed.js';
import type { CliIo } from './cli-io.js';
import { integer, overridesFrom, withCommonFlags, withIngestFlags } from './config-flags.js';
import { describeError } from './describe-error.js';
import { EXIT } from './exit-codes.js';
import { formatHits, formatRetrySummary } from './format-summary.js';
import { ingestCommand } from './ingest-command.js';
import { runSignal } from './run-signal.js';
import { addServeCommand } from './serve-command.js';

/**
 * Runs the `funcpipe` command line with `argv` (the arguments after the program name) and
 * resolves with the exit code; never throws. Failures are one line on stderr naming what and
 * where (with the stack under `--debug`).
 *
 * @example
 * ```ts
 * process.exitCode = await runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env, trapSignals: true });
 * ```
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let exitCode: number = EXIT.ok;
  const done = (code: number): void => {
    exitCode = code;
  };
  const program = buildProgram(io, done);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError && (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help')) return EXIT.ok;
    // Commander has already printed its own usage errors.
    if (error instanceof CommanderError && error.exitCode !== 0) return EXIT.usage;
    const described = describeError(error);
    io.stderr.write(`funcpipe: ${described.message}\n`);
    if (argv.includes('--debug') && error instanceof Error && error.stack !== undefined) io.stderr.write(`${error.stack}\n`);
    return described.exitCode;
  }
}

async function configOf(command: Command, io: CliIo): Promise<ResolvedConfig> {
  const file = command.opts()['config'];
  return loadConfig({ ...(typeof file === 'string' ? { file } : {}), overrides: overridesFrom(command), env: io.env });
}

function buildProgram(io: CliIo, done: (code: number) => void): Command {
  const program = new Command('funcpipe')
    .description('FuncPipe command line')
    .exitOverride()
    .configureOutput({ writeOut: (text) => io.stdout.write(text), writeErr: (text) => io.stderr.write(text) })
    .showHelpAfterError('(add --help for usage)');
  const rag = program.command('rag').description('ingest document trees into a vector index and query it');

  withIngestFlags(withCommonFlags(rag.command('ingest')))
    .description('scan, parse, chunk, embed and index the files under each directory (incremental and resumable)')
    .argument('<dir...>', 'directories to ingest')
    .action(async (dirs: string[], _options: unknown, command: Command) => done(await ingestCommand(await configOf(command, io), dirs, io)));

  withCommonFlags(rag.command('query'))
    .description('the chunks that best match a text')
    .argument('<text>', 'what to look for')
    .option('-k, --k <n>', 'how many results', integer, 5)
    .addOption(new Option('--mode <mode>', 'ranking').choices(QUERY_MODES).default('hybrid'))
    .action(async (text: string, options: { k: number; mode: QueryMode }, command: Command) => {
      const config = await configOf(command, io);
      const result = await query(config, text, { k: options.k, mode: options.mode });
      if (config.output.json) io.stdout.write(`${JSON.stringify(result)}\n`);
      else if (!config.output.quiet) io.stdout.write(formatHits(result));
      done(EXIT.ok);
    });

  withCommonFlags(rag.command('retry-failed'))
    .description('embed the chunks recorded as failed again')
    .action(async (_options: unknown, command: Command) => {
      const config = await configOf(command, io);
      using stop = runSignal(io);
      const summary = await retryFailed(config, { signal: stop.signal });
      if (config.output.json) io.stdout.write(`${JSON.stringify(summary)}\n`);
      else if (!config.output.quiet) io.stdout.write(formatRetrySummary(summary));
      const stopped = summary.stopped?.reason;
      done(stopped === 'interrupted' ? stop.exitCode() : stopped === 'quota' ? EXIT.quota : stopped === 'breaker' ? EXIT.breaker : stopped === 'auth' ? EXIT.unavailable : summary.stillFailing > 0 ? EXIT.failures : EXIT.ok);
    });

  addServeCommand(rag, io, done);

  withIngestFlags(withCommonFlags(rag.command('config')))
    .description('print the effective configuration (defaults, file and flags) or its JSON Schema')
    .option('--print', 'print the effective configuration as JSON (the default)')
    .option('--schema', 'print the JSON Schema of configuration files')
    .action(async (options: { schema?: boolean }, command: Command) => {
      io.stdout.write(`${JSON.stringify(options.schema === true ? configJsonSchema() : await configOf(command, io), null, 2)}\n`);
      done(EXIT.ok);
    });
  return program;
}
