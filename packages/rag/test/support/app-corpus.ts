// A small corpus for the CLI and end-to-end tests: Markdown, text and HTML files whose queries
// have unambiguous answers.
import { writeTree } from './app-temp.js';

/** Relative path -> content. */
export const CORPUS: Readonly<Record<string, string>> = {
  'guide/install.md': '# Install\n\nInstall the library with npm. The package ships typings.\n\n## Requirements\n\nNode.js 20 or newer is required; nothing else.\n',
  'guide/retry.md': '# Retries\n\nA request that fails with 429 or 503 is retried with jittered exponential backoff, honouring the Retry-After header.\n\n## Budget\n\nA retry budget bounds how many retries a whole run may spend.\n',
  'guide/breaker.md': '# Circuit breaker\n\nThe circuit breaker opens when the error rate over a window exceeds its threshold, and closes again after a cool-down with half-open probes.\n',
  'notes/pools.txt': 'Connection pools keep sockets alive between requests.\n\nEach pool has an explicit bound on its connections, so a burst never opens a thousand sockets.\n',
  'notes/cursors.txt': 'Database cursors page through large result sets.\n\nA cursor is closed on every exit path: early break, error, or abort.\n',
  'site/index.html': '<html><head><title>Site</title><style>p{}</style></head><body><h1>Streams</h1><p>Lazy streams describe work; each run acquires and releases its resources.</p><h2>Laws</h2><p>Cleanup happens on all paths in reverse order.</p></body></html>',
};

/** Writes {@link CORPUS} under `root`. */
export function writeCorpus(root: string): void {
  writeTree(root, CORPUS);
}
