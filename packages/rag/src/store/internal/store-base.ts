// What both stores keep the same way: where they are, the bound embedder, whether they are closed.
import type { EmbedderInfo } from '../../embed/embedder.js';
import { StoreError } from '../store-error.js';

/** The state both index stores share, and the checks made on it before an operation. */
export abstract class StoreBase {
  /** The embedder bound to the index, as last read from it. */
  protected info: EmbedderInfo | undefined;
  protected closed = false;

  constructor(readonly location: string) {}

  /** Throws a `CLOSED` StoreError once the store is disposed. */
  protected ensureOpen(): void {
    if (this.closed) throw new StoreError('CLOSED', this.location, 'the store was used after it was closed');
  }

  /** `info`, or a `NOT_BOUND` StoreError for an operation that needs the dimension. */
  protected bound(info: EmbedderInfo | undefined, what: string): EmbedderInfo {
    if (info === undefined) throw new StoreError('NOT_BOUND', this.location, `${what} before an embedder was bound to the index (call bindEmbedder first)`);
    return info;
  }
}
