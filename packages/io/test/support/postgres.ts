// The throwaway PostgreSQL the test command starts (scripts/services.mjs), and the probes the
// tests use to look at it from outside the pool under test: pg_stat_activity and pg_sleep.
import pg from 'pg';

const VARIABLE = 'FUNCPIPE_TEST_PG_URL';

/** The test server's connection string; throws (the test fails, never skips) when it is not set. */
export function testDatabaseUrl(): string {
  const url = process.env[VARIABLE];
  if (url === undefined || url === '') {
    throw new Error(
      `${VARIABLE} is not set: the PostgreSQL tests need the throwaway server the test command starts. ` +
        'Run them through `npm test`, or one file with `npm run with-services -- npx tsx --test <file>`.',
    );
  }
  return url;
}

/** A pool tagged with its own application_name, so pg_stat_activity shows only its connections. */
export function testPool(applicationName: string, options: pg.PoolConfig = {}): pg.Pool {
  return new pg.Pool({ connectionString: testDatabaseUrl(), application_name: applicationName, max: 2, ...options });
}

/** The connection string with its password replaced. */
export function urlWithPassword(password: string): string {
  const url = new URL(testDatabaseUrl());
  url.password = password;
  return url.toString();
}

export interface ActivityRow {
  readonly pid: number;
  readonly state: string | null;
  readonly query: string;
}

/** The server processes of `applicationName` (seen through a separate admin connection). */
export async function activityOf(admin: pg.Pool, applicationName: string): Promise<ActivityRow[]> {
  const result = await admin.query<ActivityRow>(
    'SELECT pid, state, query FROM pg_stat_activity WHERE application_name = $1 AND pid <> pg_backend_pid() ORDER BY pid',
    [applicationName],
  );
  return result.rows;
}

/** Polls until `check` holds on the activity of `applicationName`, or fails after `timeoutMs`. */
export async function waitForActivity(
  admin: pg.Pool,
  applicationName: string,
  check: (rows: ActivityRow[]) => boolean,
  timeoutMs = 5_000,
): Promise<ActivityRow[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rows = await activityOf(admin, applicationName);
    if (check(rows)) return rows;
    if (Date.now() > deadline) throw new Error(`pg_stat_activity of ${applicationName} never matched: ${JSON.stringify(rows)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** True when every connection the pool holds is idle in it (none leased, no waiter). */
export function poolIsIdle(pool: pg.Pool): boolean {
  return pool.idleCount === pool.totalCount && pool.waitingCount === 0;
}

/**
 * Waits until {@link poolIsIdle}, at most `ms`. pg-pool counts a connection it is still opening
 * in `totalCount` (not idle yet): a run aborted while waiting for a connection leaves the opening
 * going, and the connection becomes idle when it arrives. A lease never handed back stays busy and
 * fails this after `ms`.
 */
export async function settlesIdle(pool: pg.Pool, ms = 3_000): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!poolIsIdle(pool)) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return true;
}

/** Ends the pool, failing the test if that takes more than `ms` (a leaked lease would hang it). */
export async function endWithin(pool: pg.Pool, ms = 5_000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    pool.end(),
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`pool.end() did not finish within ${ms} ms: a connection is still leased`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
