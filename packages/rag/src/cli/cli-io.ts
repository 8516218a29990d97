// What a command run by `runCli` talks to: its output streams and environment.

/** A writable text stream (`process.stdout`, or a test's collector). */
export interface TextOutput {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

/** The outside world of one CLI run. */
export interface CliIo {
  readonly stdout: TextOutput;
  readonly stderr: TextOutput;
  /** Environment (default index location, API keys). */
  readonly env: NodeJS.ProcessEnv;
  /**
   * Whether SIGINT/SIGTERM are trapped during long commands (the real CLI: yes). In-process
   * tests pass `signal` instead.
   */
  readonly trapSignals: boolean;
  /** An external stop, for in-process callers. */
  readonly signal?: AbortSignal;
}
