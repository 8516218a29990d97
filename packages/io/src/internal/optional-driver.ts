/**
 * Loads an optional peer dependency (a driver such as `pg` or `better-sqlite3`) on first use, so
 * that a user who needs one adapter installs only its driver. A missing driver is an `Error` that
 * names the package, the entry point that needed it and the command that installs it; any other
 * load failure (a native module built for another Node.js) is kept as the `cause`.
 */
export class MissingDriverError extends Error {
  override readonly name = 'MissingDriverError';
  constructor(
    readonly driver: string,
    readonly entryPoint: string,
    readonly versionRange: string,
    cause: unknown,
  ) {
    super(
      `${entryPoint} needs the optional peer dependency '${driver}', which could not be loaded: ` +
        `install it with \`npm install ${driver}@${versionRange}\``,
      { cause },
    );
  }
}

const loaded = new Map<string, Promise<unknown>>();

/**
 * The module `driver`, imported once per process; rejects with a {@link MissingDriverError} when
 * it is not installed.
 */
export function loadDriver<M>(driver: string, entryPoint: string, versionRange: string): Promise<M> {
  let module = loaded.get(driver);
  if (module === undefined) {
    module = import(driver).then(
      (imported: { default?: unknown }) => imported.default ?? imported,
      (cause: unknown) => {
        loaded.delete(driver);
        throw new MissingDriverError(driver, entryPoint, versionRange, cause);
      },
    );
    loaded.set(driver, module);
  }
  return module as Promise<M>;
}
