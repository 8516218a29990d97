// `@funcpipe/io/sqlite`: paged SQLite result sets (keyset paging, no statement held open across
// awaits) and transactions over `better-sqlite3` connections. Needs the optional peer
// dependency `better-sqlite3` (12.x on Node 20).

export { openDatabase, type OpenDatabaseOptions } from './sqlite/open-database.js';
export { fromQuery, type SqliteQueryOptions, type SqliteParams, type SqliteSource } from './sqlite/from-query.js';
export { withTransaction, type SqliteTransactionOptions } from './sqlite/with-transaction.js';
export { SqliteError, type SqliteErrorKind } from './sqlite/sqlite-error.js';
