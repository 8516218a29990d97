// Loading the configuration: a JSON or YAML file, overridden by flags, validated by the schema.
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { ConfigError, describeIssues } from './config-error.js';
import { defaultIndexPath } from './default-index.js';
import { ragConfigSchema, type RagConfig } from './rag-config.js';

/** A configuration whose index location is decided (the default filled in). */
export type ResolvedConfig = RagConfig & { readonly index: string };

/** Options of {@link loadConfig}. */
export interface LoadConfigOptions {
  /** A JSON (`.json`) or YAML (any other extension) file. */
  readonly file?: string;
  /** Values that win over the file's (from flags): nested objects are merged, arrays replaced. */
  readonly overrides?: Readonly<Record<string, unknown>>;
  /** The environment the default index location is taken from (default `process.env`). */
  readonly env?: NodeJS.ProcessEnv;
}

/**
 * The effective configuration: the file's values, overridden by `overrides`, validated and with
 * every default filled in (the index location too). Rejects with a {@link ConfigError} naming
 * the file and the bad field.
 *
 * @example
 * ```ts
 * const config = await loadConfig({ file: 'rag.yaml', overrides: { chunking: { size: 800 } } });
 * ```
 */
export async function loadConfig(options: LoadConfigOptions = {}): Promise<ResolvedConfig> {
  const fromFile = options.file === undefined ? {} : await readConfigFile(options.file);
  return resolveConfig(mergeConfig(fromFile, options.overrides ?? {}), options.file, options.env);
}

/**
 * Validates configuration data (a parsed file, or an object built in code) and fills in the
 * defaults. Throws a {@link ConfigError} naming the bad field (and `file` when given).
 */
export function resolveConfig(data: unknown, file?: string, env: NodeJS.ProcessEnv = process.env): ResolvedConfig {
  const parsed = ragConfigSchema.safeParse(withEmbedderKind(data));
  if (!parsed.success) throw new ConfigError(`invalid configuration: ${describeIssues(parsed.error.issues)}`, file);
  return { ...parsed.data, index: parsed.data.index ?? defaultIndexPath(env) };
}

/** An `embedder` object without `kind` is the local one. */
function withEmbedderKind(data: unknown): unknown {
  if (!isPlainObject(data) || !isPlainObject(data['embedder']) || data['embedder']['kind'] !== undefined) return data;
  return { ...data, embedder: { ...data['embedder'], kind: 'local' } };
}

async function readConfigFile(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read the configuration file (${(error as NodeJS.ErrnoException).code ?? String(error)})`, file);
  }
  try {
    const data: unknown = extname(file).toLowerCase() === '.json' ? JSON.parse(text) : parseYaml(text);
    // An empty YAML file is an empty configuration.
    return data ?? {};
  } catch (error) {
    throw new ConfigError(`not valid ${extname(file).toLowerCase() === '.json' ? 'JSON' : 'YAML'}: ${(error as Error).message.split('\n')[0]}`, file);
  }
}

/** `over` on top of `base`: plain objects merged key by key, anything else replaced; `undefined` values (and objects of nothing but them) ignored. */
export function mergeConfig(base: unknown, over: Readonly<Record<string, unknown>>): unknown {
  if (!isPlainObject(base)) return base === undefined ? stripUndefined(over) : base;
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    if (value === undefined) continue;
    if (!isPlainObject(value)) merged[key] = value;
    else if (isPlainObject(merged[key])) merged[key] = mergeConfig(merged[key], value);
    else {
      // An override object with nothing defined in it (flags not given) adds nothing.
      const defined = stripUndefined(value);
      if (Object.keys(defined).length > 0) merged[key] = defined;
    }
  }
  return merged;
}

function stripUndefined(value: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return mergeConfig({}, value) as Record<string, unknown>;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
