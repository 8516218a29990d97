// The entry point `@funcpipe/io/http`: an undici connection pool as an AsyncDisposable resource,
// a bounded-concurrency request stage, a streaming response-lines source, and the mapping of
// HTTP failures to ErrInfo values. Needs the optional peer dependency `undici` 7. Every export
// is named here by hand; anything not listed is internal.

export { createHttpPool, type HttpPool, type HttpPoolOptions, type HttpPoolStats, type HttpRequest, type HttpResponse, type ResponseReader } from './http/http-pool.js';
export { mapRequests, type MapRequestsOptions } from './http/map-requests.js';
export { responseLines, type ResponseLinesOptions } from './http/response-lines.js';
export { httpStatusErrInfo, httpTransportErrInfo, type RequestTarget } from './http/http-errors.js';
export { parseRetryAfter } from './http/retry-after.js';
export { MissingDriverError } from './internal/optional-driver.js';
