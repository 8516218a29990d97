// Token counting with a real tokenizer (gpt-tokenizer, the o200k_base encoding of current
// OpenAI models), so chunk sizes in tokens mean what an embedding service means by them.
import { countTokens as count, isWithinTokenLimit } from 'gpt-tokenizer';

/**
 * The number of tokens in `text` (gpt-tokenizer, o200k_base encoding).
 *
 * @example
 * ```ts
 * countTokens('hello world'); // 2
 * ```
 */
export function countTokens(text: string): number {
  return count(text);
}

/** `text`'s token count when it is at most `limit`, else `false`; stops counting past the limit. */
export function tokensWithin(text: string, limit: number): number | false {
  return isWithinTokenLimit(text, limit);
}
