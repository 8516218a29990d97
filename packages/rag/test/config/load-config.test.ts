import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { z } from 'zod';
import { loadConfig, resolveConfig, mergeConfig } from '../../src/config/load-config.js';
import { ConfigError } from '../../src/config/config-error.js';
import { configJsonSchema } from '../../src/config/config-json-schema.js';
import { defaultIndexPath, isPostgresLocation } from '../../src/config/default-index.js';
import { DEFAULT_INCLUDE } from '../../src/config/rag-config.js';
import { appTempDir } from '../support/app-temp.js';

test('an empty configuration gets every default, the index under the data directory', () => {
  const config = resolveConfig({}, undefined, { XDG_DATA_HOME: '/data' });
  assert.equal(config.index, '/data/funcpipe/rag/index.sqlite');
  assert.deepEqual(config.include, DEFAULT_INCLUDE);
  assert.deepEqual(config.chunking, { unit: 'chars', size: 1000, overlap: 100 });
  assert.deepEqual(config.embedder, { kind: 'local', dimensions: 384 });
  assert.equal(config.gitignore, true);
  assert.equal(config.concurrency, 4);
  assert.equal(config.output.progress, 'auto');
});

test('the default index falls back to ~/.local/share when XDG_DATA_HOME is unset or relative', () => {
  assert.equal(defaultIndexPath({ HOME: '/home/u' }), '/home/u/.local/share/funcpipe/rag/index.sqlite');
  assert.equal(defaultIndexPath({ HOME: '/home/u', XDG_DATA_HOME: 'rel' }), '/home/u/.local/share/funcpipe/rag/index.sqlite');
  assert.equal(isPostgresLocation('postgresql://u@h/db'), true);
  assert.equal(isPostgresLocation('/tmp/x.sqlite'), false);
});

test('unknown keys are rejected with their path, at every level', () => {
  assert.throws(() => resolveConfig({ chunking: { sise: 10 } }), (e: unknown) => e instanceof ConfigError && /unknown key `chunking\.sise`/.test(e.message));
  assert.throws(() => resolveConfig({ colour: true }), /unknown key `colour`/);
  assert.throws(() => resolveConfig({ embedder: { kind: 'local', model: 'x' } }), /unknown key `embedder\.model`/);
});

test('bad values name the field', () => {
  assert.throws(() => resolveConfig({ chunking: { size: 0 } }), /`chunking\.size`/);
  assert.throws(() => resolveConfig({ chunking: { size: 100, overlap: 100 } }), /`chunking\.overlap`: expected `overlap` to be less than `size`/);
  assert.throws(() => resolveConfig({ concurrency: 1.5 }), /`concurrency`/);
  assert.throws(() => resolveConfig({ embedder: { kind: 'http', baseUrl: 'ftp://x', model: 'm' } }), /`embedder\.baseUrl`/);
  assert.throws(() => resolveConfig({ embedder: { kind: 'remote' } }), /`embedder\.kind`/);
  assert.throws(() => resolveConfig({ include: [] }), /`include`/);
});

test('an embedder without kind is the local one', () => {
  assert.deepEqual(resolveConfig({ embedder: { dimensions: 64 } }).embedder, { kind: 'local', dimensions: 64 });
});

test('an http embedder gets its defaults', () => {
  const config = resolveConfig({ embedder: { kind: 'http', baseUrl: 'http://127.0.0.1:1', model: 'm' } });
  assert.deepEqual(config.embedder, { kind: 'http', baseUrl: 'http://127.0.0.1:1', model: 'm', connections: 4 });
});

test('the embedding stage policy is validated by its own schema, inner fields named', () => {
  const config = resolveConfig({ policies: { maxBatchSize: 16, rateLimit: { requestsPerMinute: 600 }, breaker: false } });
  assert.deepEqual(config.policies, { maxBatchSize: 16, rateLimit: { requestsPerMinute: 600 }, breaker: false });
  assert.throws(() => resolveConfig({ policies: { maxBatchSise: 16 } }), /unknown key `policies\.maxBatchSise`/);
  assert.throws(() => resolveConfig({ policies: { retry: { maxAttempts: 0 } } }), /`policies\.retry`: .*maxAttempts/);
});

test('a YAML or JSON file is read, and overrides win over it (objects merged, arrays replaced)', async () => {
  using dir = appTempDir();
  const yamlFile = join(dir.path, 'rag.yaml');
  writeFileSync(yamlFile, 'chunking:\n  size: 400\n  unit: tokens\ninclude: ["**/*.md"]\nconcurrency: 2\n');
  const config = await loadConfig({ file: yamlFile, overrides: { chunking: { size: 300 }, concurrency: undefined, include: ['**/*.txt'] } });
  assert.deepEqual(config.chunking, { unit: 'tokens', size: 300, overlap: 100 });
  assert.deepEqual(config.include, ['**/*.txt']);
  assert.equal(config.concurrency, 2);
  const jsonFile = join(dir.path, 'rag.json');
  writeFileSync(jsonFile, JSON.stringify({ index: '/x/i.sqlite' }));
  assert.equal((await loadConfig({ file: jsonFile })).index, '/x/i.sqlite');
  writeFileSync(join(dir.path, 'empty.yaml'), '');
  assert.equal((await loadConfig({ file: join(dir.path, 'empty.yaml') })).concurrency, 4);
});

test('a missing, unparsable or invalid file is a ConfigError naming the file', async () => {
  using dir = appTempDir();
  await assert.rejects(loadConfig({ file: join(dir.path, 'none.yaml') }), (e: unknown) => e instanceof ConfigError && e.message.includes('none.yaml') && /ENOENT/.test(e.message));
  const bad = join(dir.path, 'bad.json');
  writeFileSync(bad, '{ nope');
  await assert.rejects(loadConfig({ file: bad }), /bad\.json: not valid JSON/);
  const invalid = join(dir.path, 'invalid.yaml');
  writeFileSync(invalid, 'chunking:\n  overlap: -1\n');
  await assert.rejects(loadConfig({ file: invalid }), /invalid\.yaml: invalid configuration: `chunking\.overlap`/);
});

test('mergeConfig ignores undefined and keeps the base when nothing overrides', () => {
  assert.deepEqual(mergeConfig({ a: { b: 1, c: 2 } }, { a: { c: 3, d: undefined } }), { a: { b: 1, c: 3 } });
  assert.deepEqual(mergeConfig(undefined, { a: 1, b: undefined }), { a: 1 });
  assert.deepEqual(mergeConfig({}, { a: { b: undefined, c: { d: undefined } } }), {});
});

test('the JSON Schema describes the file: strict objects, defaults listed, every field optional', () => {
  const schema = configJsonSchema();
  assert.equal(schema['additionalProperties'], false);
  const properties = schema['properties'] as Record<string, Record<string, unknown>>;
  assert.deepEqual(properties['include']?.['default'], DEFAULT_INCLUDE);
  assert.equal(schema['required'], undefined);
  // The schema is itself valid data for zod's own JSON Schema reader.
  assert.doesNotThrow(() => z.fromJSONSchema(schema as never));
});
