// The configuration file's JSON Schema, for editors and `funcpipe rag config --schema`.
import { z } from 'zod';
import { ragConfigSchema } from './rag-config.js';

/**
 * The JSON Schema (draft 2020-12) of a configuration file: what a file may contain, every field
 * optional (the defaults are listed as `default`).
 *
 * @example
 * ```ts
 * writeFileSync('rag.schema.json', JSON.stringify(configJsonSchema(), null, 2));
 * ```
 */
export function configJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(ragConfigSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
}
