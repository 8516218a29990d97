// zod is loaded on first use: importing it costs about 13 MB of RSS, which a program that never
// validates a policy should not pay (the rest of the core imports in about 2 MB). Validation is
// synchronous, so the loader is a synchronous `require` of zod's CommonJS build.

import { createRequire } from 'node:module';

/** The zod namespace (types only at compile time; the module itself is loaded by {@link zod}). */
export type Zod = typeof import('zod');

let loaded: Zod | undefined;

/** zod, loaded the first time a policy is validated or a JSON Schema is asked for. */
export function zod(): Zod {
  return (loaded ??= createRequire(import.meta.url)('zod') as Zod);
}
