// The one error a bad configuration (file or flags) raises.
import type { z } from 'zod';

/** A configuration that cannot be used: a file that cannot be read or parsed, or a field that fails validation. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    message: string,
    /** The file at fault, when a file was read. */
    readonly file?: string,
  ) {
    super(file === undefined ? message : `${file}: ${message}`);
  }
}

/**
 * One line per issue, each naming the field by its path: `` `chunking.size`: expected ... ``,
 * and for unknown keys `` unknown key `chunking.sise` ``.
 */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .map((issue) => {
      const at = issue.path.map(String).join('.');
      if (issue.code === 'unrecognized_keys') {
        const keys = issue.keys.map((key) => `\`${at === '' ? key : `${at}.${key}`}\``).join(', ');
        return `unknown key${issue.keys.length > 1 ? 's' : ''} ${keys}`;
      }
      return `${at === '' ? 'the configuration' : `\`${at}\``}: ${issue.message}`;
    })
    .join('; ');
}
