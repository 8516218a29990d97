// Recording the embedder in the index, once, as soon as its identity is known: at the start for
// an embedder that knows its dimension, after its first answer for one that learns it.
import type { Embedder, EmbedderInfo } from '../embed/embedder.js';
import type { IndexStore } from '../store/index-store.js';
import { fromStore } from './store-failure.js';

/** What a probe embeds to learn the dimension of an embedder that has not answered yet. */
const PROBE_TEXT = 'funcpipe dimension probe';

/**
 * The binding of one run's embedder to its index. An HTTP embedder with no configured
 * `dimensions` reports dimension 0 until its first answer; until then the index's own record
 * stands in when model and normalisation agree (the dimension is then checked on every write),
 * and a new index is bound after the first vectors arrive, before the first commit.
 */
export class EmbedderBinding {
  private bound: Promise<boolean> | undefined;

  constructor(
    private readonly store: IndexStore,
    private readonly embedder: Embedder,
  ) {}

  /** Binds when the identity is known (an `IndexMismatchError` when it differs); resolves whether the embedding cache may be read. */
  beforeCache(): Promise<boolean> {
    if (this.bound !== undefined) return this.bound;
    const attempt = this.tryBind();
    attempt.then((ok) => {
      if (!ok && this.bound === attempt) this.bound = undefined;
    }, () => {});
    this.bound = attempt;
    return attempt;
  }

  /**
   * Binds before a commit. The dimension is known once any vector exists; a new index whose
   * first commit holds none (its chunks failed, or it has none) learns it from one probe call
   * (the store needs the dimension before any commit).
   */
  async beforeCommit(signal: AbortSignal): Promise<void> {
    if (await this.beforeCache()) return;
    if (this.embedder.info.dimension === 0) await this.embedder.embed([PROBE_TEXT], signal);
    const info = this.embedder.info;
    this.bound = fromStore(() => this.store.bindEmbedder(info)).then(() => true);
    await this.bound;
  }

  private async tryBind(): Promise<boolean> {
    const info = this.embedder.info;
    if (info.dimension > 0) {
      await fromStore(() => this.store.bindEmbedder(info));
      return true;
    }
    const indexed = await fromStore(() => this.store.embedderInfo());
    if (indexed === undefined || !sameModel(indexed, info)) return false;
    return true;
  }
}

function sameModel(a: EmbedderInfo, b: EmbedderInfo): boolean {
  return a.model === b.model && a.normalized === b.normalized;
}
