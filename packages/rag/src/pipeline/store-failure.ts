// A failure of the index itself, as opposed to a failure of one file: it stops the run.
import { IndexMismatchError } from '../store/index-store.js';

/** A failure of the index (locked, corrupt, unreachable, closed): it stops the run. */
export class StoreFailure extends Error {
  override readonly name = 'StoreFailure';
  constructor(readonly error: unknown) {
    super(error instanceof Error ? error.message : String(error), { cause: error });
  }
}

/** Runs a store call; its failure becomes a {@link StoreFailure}, except an embedder mismatch, which stays itself. */
export async function fromStore<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw error instanceof StoreFailure || error instanceof IndexMismatchError ? error : new StoreFailure(error);
  }
}
