// `@funcpipe/io/postgres`: paged PostgreSQL result sets and transactions over a `pg.Pool`.
// Needs the optional peer dependencies `pg` and `pg-cursor`.

export { fromQuery } from './postgres/from-query.js';
export type { QueryOptions } from './postgres/query-options.js';
export { PostgresError, type PostgresErrorKind } from './postgres/postgres-error.js';
export { withTransaction, type Transaction, type PostgresTransactionOptions } from './postgres/with-transaction.js';
