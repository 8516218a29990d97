// The services the test suites need, started for one test run and stopped after it, also when
// tests fail or the run is interrupted (SIGINT, SIGTERM). Each service listens on loopback only,
// on a free port, with its data in a temporary directory, and hands its address to the tests
// through environment variables.
//
// PostgreSQL: a throwaway cluster from Debian's `postgresql` package (installed when missing,
// as root, with apt-get), created with initdb and run with pg_ctl as the `postgres` user when we
// are root (both refuse to run as root), data directory and Unix socket in a fresh temp dir,
// `listen_addresses=127.0.0.1` on a free port, fsync off. A PostgreSQL already running on the
// machine is never touched: ours has its own port, socket directory and data directory.
import { spawnSync, execFileSync } from 'node:child_process';
import { chownSync, mkdtempSync, readdirSync, rmSync, writeFileSync, readFileSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';

/** The variable that carries the test cluster's connection string to the tests. */
export const PG_URL_VARIABLE = 'FUNCPIPE_TEST_PG_URL';

/**
 * Starts every service, runs `body` with the environment variables that locate them, stops them.
 * On SIGINT or SIGTERM, `signal` aborts (with the signal's name as its reason) so the body can
 * pass it on to the processes it started, then the services stop and this process exits.
 * @param {(env: Record<string, string>, signal: AbortSignal) => Promise<number>} body
 * @returns {Promise<number>} the body's exit status
 */
export async function withServices(body) {
  const interrupted = new AbortController();
  const services = await startServices((signal) => interrupted.abort(signal));
  try {
    return await body(services.env, interrupted.signal);
  } finally {
    services.stop();
  }
}

/** What to undo for every service started or half-started: each removes itself once run. */
const cleanups = new Set();

function stopAll() {
  for (const cleanup of [...cleanups]) cleanup();
}

/**
 * Starts every service for as long as the caller needs them (a benchmark child keeps them for its
 * whole life). Returns their environment variables and an idempotent, synchronous `stop`. Until
 * `stop` is called, SIGINT and SIGTERM (even in the middle of the start) call `onInterrupt`, stop
 * everything started so far and exit the process; a plain exit stops everything too.
 * @param {(signal: NodeJS.Signals) => void} [onInterrupt]
 * @returns {Promise<{ env: Record<string, string>, stop: () => void }>}
 */
export async function startServices(onInterrupt = () => {}) {
  const onSignal = (signal) => {
    onInterrupt(signal);
    stopAll();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  const stop = () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    process.off('exit', stopAll);
    stopAll();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  process.once('exit', stopAll);
  try {
    const postgres = await startPostgres();
    return { env: { [PG_URL_VARIABLE]: postgres.url }, stop };
  } catch (error) {
    stop();
    throw error;
  }
}

/** The newest installed PostgreSQL server binaries directory, installing Debian's package when none is. */
function postgresBinaries() {
  const find = () => {
    const root = '/usr/lib/postgresql';
    const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin/initdb'))) : [];
    const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
    return newest === undefined ? undefined : join(root, newest, 'bin/initdb');
  };
  let initdb = find();
  if (initdb === undefined) {
    if (process.getuid?.() !== 0) {
      throw new Error('PostgreSQL server binaries not found (/usr/lib/postgresql/*/bin/initdb): install them with `sudo apt-get install -y postgresql`, or run the tests as root to have them installed');
    }
    console.log('== installing PostgreSQL (apt-get install -y postgresql)');
    run('apt-get', ['update']);
    run('apt-get', ['install', '-y', '--no-install-recommends', 'postgresql'], { DEBIAN_FRONTEND: 'noninteractive' });
    initdb = find();
    if (initdb === undefined) throw new Error('apt-get install postgresql did not provide /usr/lib/postgresql/*/bin/initdb');
  }
  return join(initdb, '..');
}

function run(command, args, env = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status ?? result.signal})`);
}

/** A free TCP port on 127.0.0.1 (the kernel's pick; released just before the server takes it). */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Creates and starts a throwaway cluster. Returns its URL (password authentication over TCP, so
 * a wrong password can be tested) and an idempotent, synchronous `stop` (usable from signal and
 * exit handlers) that stops the server immediately and deletes its directory; `stop` is in
 * `cleanups` from the moment the directory exists, so an interrupted start leaves nothing.
 */
async function startPostgres() {
  const bin = postgresBinaries();
  const asRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), 'funcpipe-pg-'));
  const data = join(dir, 'data');
  const password = randomBytes(12).toString('hex');
  const passwordFile = join(dir, 'password');
  writeFileSync(passwordFile, `${password}\n`);
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }));
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }));
    chownSync(dir, uid, gid);
    chownSync(passwordFile, uid, gid);
  }
  const asServerUser = (tool, args) => {
    const command = asRoot ? ['runuser', '-u', 'postgres', '--', join(bin, tool), ...args] : [join(bin, tool), ...args];
    const result = spawnSync(command[0], command.slice(1), { encoding: 'utf8', cwd: dir });
    return result;
  };
  const stop = () => {
    cleanups.delete(stop);
    if (existsSync(join(data, 'postmaster.pid'))) asServerUser('pg_ctl', ['stop', '-D', data, '-m', 'immediate', '-w', '-s']);
    rmSync(dir, { recursive: true, force: true });
  };
  cleanups.add(stop);
  try {
    const init = asServerUser('initdb', [
      '-D', data, '-U', 'postgres', '--pwfile', passwordFile, '--auth-local=trust', '--auth-host=scram-sha-256',
      '-E', 'UTF8', '--locale=C', '--no-sync', '--no-instructions',
    ]);
    if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr || init.stdout}`);
    const port = await freePort();
    const options = [
      '-c listen_addresses=127.0.0.1', `-p ${port}`, `-k ${dir}`, '-c fsync=off', '-c synchronous_commit=off',
      '-c full_page_writes=off', '-c max_connections=200',
    ].join(' ');
    const start = asServerUser('pg_ctl', ['start', '-D', data, '-l', join(dir, 'server.log'), '-w', '-s', '-o', options]);
    if (start.status !== 0) {
      const log = existsSync(join(dir, 'server.log')) ? readFileSync(join(dir, 'server.log'), 'utf8') : '';
      throw new Error(`pg_ctl start failed: ${start.stderr || start.stdout}\n${log}`);
    }
    return { url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`, stop };
  } catch (error) {
    stop();
    throw error;
  }
}
