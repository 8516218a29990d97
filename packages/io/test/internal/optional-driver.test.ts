import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MissingDriverError, loadDriver } from '../../src/internal/optional-driver.js';

test('loadDriver: a missing driver names the package, the entry point and the install command', async () => {
  await assert.rejects(loadDriver('funcpipe-no-such-driver', '@funcpipe/io/postgres', '^8'), (error) => {
    assert.ok(error instanceof MissingDriverError);
    assert.match(error.message, /@funcpipe\/io\/postgres/);
    assert.match(error.message, /npm install funcpipe-no-such-driver@\^8/);
    assert.ok(error.cause instanceof Error);
    return true;
  });
});

test('loadDriver: an installed driver loads once and is shared', async () => {
  const first = await loadDriver<{ Pool: unknown }>('pg', '@funcpipe/io/postgres', '^8');
  const second = await loadDriver<{ Pool: unknown }>('pg', '@funcpipe/io/postgres', '^8');
  assert.equal(typeof first.Pool, 'function');
  assert.equal(first, second);
});
