// The RAG main job (README's first command): build, ingest the Markdown files that npm installed
// under node_modules (documentation no one here wrote) into an index under the user's data
// directory with the embedded defaults (SQLite + sqlite-vec, the local embedder: no server, no
// network), then run queries and show their results. A second run skips every unchanged file.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'packages/rag/dist/cli/main.js');
const dataHome = isAbsolute(process.env.XDG_DATA_HOME ?? '') ? process.env.XDG_DATA_HOME : join(homedir(), '.local', 'share');
const index = process.env.RAG_DEMO_INDEX ?? join(dataHome, 'funcpipe', 'rag', 'demo-index.sqlite');
const corpus = join(root, 'node_modules');

function run(title, command, args) {
  console.log(`\n== ${title}`);
  console.log(`$ ${[command === process.execPath ? 'node' : command, ...args.map((a) => (/[\s*"]/.test(a) ? `'${a}'` : a))].join(' ')}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  return result.status ?? 1;
}

if (!existsSync(corpus)) {
  console.error('node_modules is missing: run `npm ci` first');
  process.exit(1);
}
if (run('build the packages', 'npm', ['run', 'build', '--silent']) !== 0) process.exit(1);

const first = existsSync(index) ? 'again (unchanged files are skipped without being read)' : 'for the first time';
// The workspace's own packages are symlinks under node_modules: not following links keeps the
// corpus to what npm installed.
const status = run(`ingest the Markdown under node_modules ${first}`, process.execPath, [
  cli, 'rag', 'ingest', corpus, '--index', index, '--include', '**/*.md', '--no-follow-symlinks', '--progress', 'lines',
]);
// Status 1 means some files failed (each is listed above with its reason); the rest is indexed.
if (status !== 0 && status !== 1) process.exit(status);

for (const [text, mode] of [
  ['how do I parse command line options and subcommands', 'hybrid'],
  ['validate a schema and report errors', 'vector'],
  ['keep-alive connection pool', 'keyword'],
]) {
  if (run(`query (${mode})`, process.execPath, [cli, 'rag', 'query', text, '--index', index, '--mode', mode, '--k', '3']) !== 0) process.exit(1);
}
console.log(`\nThe index is ${index}; run \`npm run rag:demo\` again to see the incremental skip.`);
