// Running the built `funcpipe` CLI (packages/rag/dist/cli/main.js) as a real child process.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** packages/rag, found from this file (which runs from test/support or build/test/support). */
export const RAG_PACKAGE = ((): string => {
  for (let dir = dirname(fileURLToPath(import.meta.url)); dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'src', 'cli'))) return dir;
  }
  throw new Error('packages/rag not found above the test support directory');
})();

/** The built CLI entry point. */
export const CLI_MAIN = join(RAG_PACKAGE, 'dist', 'cli', 'main.js');

/** What a finished CLI run printed and exited with. */
export interface CliRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** A running CLI child, with its output so far. */
export interface CliChild {
  readonly child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves when the child exits. */
  readonly done: Promise<CliRun>;
}

/** Starts `node dist/cli/main.js ...args` with `env` added to the environment (HOME and XDG_DATA_HOME should point into a temp dir). */
export function startCli(args: readonly string[], env: Readonly<Record<string, string>> = {}): CliChild {
  if (!existsSync(CLI_MAIN)) throw new Error(`${CLI_MAIN} is missing: build the package first (npm run build -w @funcpipe/rag)`);
  const child = spawn(process.execPath, [CLI_MAIN, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let errText = '';
  child.stdout?.setEncoding('utf8').on('data', (text: string) => (out += text));
  child.stderr?.setEncoding('utf8').on('data', (text: string) => (errText += text));
  const done = new Promise<CliRun>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout: out, stderr: errText }));
  });
  return { child, stdout: () => out, stderr: () => errText, done };
}

/** Runs the CLI to its end. */
export function runCliChild(args: readonly string[], env: Readonly<Record<string, string>> = {}): Promise<CliRun> {
  return startCli(args, env).done;
}

/** Resolves once `predicate(output so far)` holds (checked on each stdout/stderr chunk); rejects if the child exits first. */
export function waitForOutput(run: CliChild, predicate: (stdout: string, stderr: string) => boolean): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const check = (): void => {
      if (predicate(run.stdout(), run.stderr())) {
        cleanup();
        resolve();
      }
    };
    const exited = (): void => {
      cleanup();
      if (predicate(run.stdout(), run.stderr())) resolve();
      else reject(new Error(`the CLI exited before the awaited output; stderr: ${run.stderr()}`));
    };
    const cleanup = (): void => {
      run.child.stdout?.off('data', check);
      run.child.stderr?.off('data', check);
      run.child.off('close', exited);
    };
    run.child.stdout?.on('data', check);
    run.child.stderr?.on('data', check);
    run.child.on('close', exited);
    check();
  });
}
