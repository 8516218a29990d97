// Fixtures of the @funcpipe/io cases: a generated text file in a temp dir (removed when the child
// exits; written by a process of its own), and a loopback HTTP server in its own process (so the client under test has the event
// loop to itself; killed when the child exits).
import { mkdtempSync, rmSync } from 'node:fs';
import { execFileSync, spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';

/** @type {Map<number, string>} */
const files = new Map();

/** Writes about `argv[2]` MB of lines to `argv[1]`, in 1 MB batches (run in a process of its own). */
const WRITE_LINES = `
  const { openSync, writeSync, closeSync } = require('node:fs');
  const [path, megabytes] = process.argv.slice(1);
  const fd = openSync(path, 'w');
  const limit = Number(megabytes) * 2 ** 20;
  for (let i = 0, written = 0; written < limit; ) {
    const batch = [];
    for (let size = 0; size < 2 ** 20; i++) {
      const line = i + ' ' + 'x'.repeat((i * 7) % 120) + ' h\u00e9llo w\u00f6rld\\n';
      batch.push(line);
      size += line.length;
    }
    written += writeSync(fd, batch.join(''));
  }
  closeSync(fd);`;

/**
 * A file of about `megabytes` MB of UTF-8 lines of varying length (some non-ASCII), the same for
 * every subject, in a temp dir removed when this process exits. It is written by a separate
 * process, so writing it adds nothing to this process's peak RSS.
 * @param {number} megabytes
 */
export function linesFile(megabytes) {
  const known = files.get(megabytes);
  if (known !== undefined) return known;
  const dir = mkdtempSync(join(tmpdir(), 'funcpipe-bench-lines-'));
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'lines.txt');
  execFileSync(process.execPath, ['-e', WRITE_LINES, path, String(megabytes)], { stdio: 'inherit' });
  files.set(megabytes, path);
  return path;
}

/** @type {Promise<string> | undefined} */
let serverOrigin;

/**
 * The origin of a loopback HTTP server (a separate process): `GET /n` answers the decimal text
 * of `2 * n`, keep-alive on.
 * @returns {Promise<string>}
 */
export function numbersServer() {
  serverOrigin ??= (async () => {
    const code = `
      const http = require('node:http');
      const server = http.createServer((req, res) => res.end(String(2 * Number(req.url.slice(1)))));
      server.keepAliveTimeout = 60000;
      server.listen(0, '127.0.0.1', () => process.stdout.write(server.address().port + '\\n'));`;
    const child = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
    process.on('exit', () => child.kill());
    const [chunk] = await once(child.stdout, 'data');
    return `http://127.0.0.1:${String(chunk).trim()}`;
  })();
  return serverOrigin;
}
