// One operation at a time on a connection that cannot interleave transactions (better-sqlite3).

/** Runs the operations handed to it one after another, in call order, whatever each one's outcome. */
export class Serial {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(operation: () => T | PromiseLike<T>): Promise<T> {
    const result = this.tail.then(operation);
    this.tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }
}
