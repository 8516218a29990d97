// A failure as the CLI reports it: one line naming what and where, and the exit code.
import { CommanderError } from 'commander';
import { ConfigError } from '../config/config-error.js';
import { EmbedError } from '../embed/embedder.js';
import { IndexMismatchError } from '../store/index-store.js';
import { MissingIndexError } from '../pipeline/open-parts.js';
import { StoreFailure } from '../pipeline/store-failure.js';
import { StoreError } from '../store/store-error.js';
import { EXIT } from './exit-codes.js';
import { Interrupted } from './signals.js';

/** How a failure ends the CLI. */
export interface DescribedError {
  readonly message: string;
  readonly exitCode: number;
}

/**
 * The one-line message and exit code of a failure: usage and configuration errors (2), an
 * index built with another embedder (2), an interruption (130/143), an index or embedding
 * service that cannot be used (5), anything else (1).
 */
export function describeError(error: unknown): DescribedError {
  if (error instanceof CommanderError) return { message: error.message.replace(/^error: /, ''), exitCode: EXIT.usage };
  if (error instanceof ConfigError || error instanceof IndexMismatchError || error instanceof MissingIndexError) return { message: error.message, exitCode: EXIT.usage };
  if (error instanceof Interrupted) return { message: error.message, exitCode: error.exitCode };
  if (error instanceof StoreError) return { message: firstLine(error.message), exitCode: EXIT.unavailable };
  if (error instanceof StoreFailure) return error.error instanceof IndexMismatchError ? describeError(error.error) : { message: firstLine(error.message), exitCode: EXIT.unavailable };
  if (error instanceof EmbedError) return { message: `the embedder failed: ${firstLine(error.message)} (${error.info.code})`, exitCode: EXIT.unavailable };
  const name = error instanceof Error ? error.name : 'Error';
  if (error instanceof RangeError || error instanceof TypeError) return { message: firstLine(messageOf(error)), exitCode: EXIT.usage };
  return { message: `${name === 'Error' ? '' : `${name}: `}${firstLine(messageOf(error))}`, exitCode: EXIT.failures };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? text;
}
