import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { httpStatusErrInfo, httpTransportErrInfo, parseRetryAfter } from '../../src/http.js';

const target = { method: 'POST', url: 'http://127.0.0.1:1/v1/embeddings' };

test('parseRetryAfter: delay-seconds and HTTP-date forms; malformed values give undefined', () => {
  assert.equal(parseRetryAfter('0'), 0);
  assert.equal(parseRetryAfter(' 120 '), 120_000);
  assert.equal(parseRetryAfter(['7', '9']), 7_000);
  const now = Date.parse('Tue, 01 Dec 2026 10:00:00 GMT');
  assert.equal(parseRetryAfter('Tue, 01 Dec 2026 10:00:30 GMT', now), 30_000);
  assert.equal(parseRetryAfter('Tue, 01 Dec 2026 09:59:00 GMT', now), 0, 'a date in the past: retry now');
  for (const bad of [undefined, '', '-1', '1.5', 'soon', '2026-12-01T10:00:30Z', 'Tue, 99 Foo 2026 10:00:30 GMT']) assert.equal(parseRetryAfter(bad, now), undefined, String(bad));
});

test('httpStatusErrInfo: HTTP_<status>, retryable exactly for 429, 502, 503, 504 (property), Retry-After in ms', () => {
  fc.assert(
    fc.property(fc.integer({ min: 300, max: 599 }), (status) => {
      const info = httpStatusErrInfo(status, {}, target);
      assert.equal(info.code, `HTTP_${status}`);
      assert.deepEqual(info.context, { status, method: 'POST', url: target.url, retryable: [429, 502, 503, 504].includes(status) });
      assert.equal('retryAfterMs' in info, false);
    }),
  );
  assert.equal(httpStatusErrInfo(429, { 'retry-after': '2' }, target).retryAfterMs, 2_000);
  const now = Date.parse('Tue, 01 Dec 2026 10:00:00 GMT');
  const unavailable = httpStatusErrInfo(503, { 'retry-after': 'Tue, 01 Dec 2026 10:00:05 GMT' }, target, now);
  assert.equal(unavailable.retryAfterMs, 5_000);
  assert.equal(unavailable.msg, `POST ${target.url} answered HTTP 503`);
});

test('httpTransportErrInfo: timeouts are HTTP_TIMEOUT, other transport failures HTTP_NETWORK, both retryable', () => {
  const timeout = httpTransportErrInfo(Object.assign(new Error('Headers Timeout Error'), { code: 'UND_ERR_HEADERS_TIMEOUT' }), target);
  assert.equal(timeout.code, 'HTTP_TIMEOUT');
  assert.deepEqual(timeout.context, { method: 'POST', url: target.url, retryable: true, errno: 'UND_ERR_HEADERS_TIMEOUT' });
  const refused = httpTransportErrInfo(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }), target);
  assert.equal(refused.code, 'HTTP_NETWORK');
  assert.match(refused.msg, /^POST http:\/\/127\.0\.0\.1:1\/v1\/embeddings failed: network error \(ECONNREFUSED: connect ECONNREFUSED/);
});
