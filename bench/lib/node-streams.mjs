// Object-mode Node streams for the Node `pipeline` subjects, written as Node's stream docs show:
// one Transform per stage and a Writable sink, joined by `stream/promises` `pipeline`.
import { Readable, Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/**
 * A Transform that maps every chunk.
 * @param {(x: any) => any} f
 */
export function mapTransform(f) {
  return new Transform({
    objectMode: true,
    transform(chunk, _encoding, callback) {
      callback(null, f(chunk));
    },
  });
}

/**
 * A Transform that passes the chunks the predicate keeps.
 * @param {(x: any) => boolean} keep
 */
export function filterTransform(keep) {
  return new Transform({
    objectMode: true,
    transform(chunk, _encoding, callback) {
      if (keep(chunk)) callback(null, chunk);
      else callback();
    },
  });
}

/** A Writable sink that folds every chunk into `result`. */
export class FoldWritable extends Writable {
  /**
   * @param {(acc: number, x: any) => number} fold
   * @param {number} initial
   */
  constructor(fold, initial) {
    super({
      objectMode: true,
      write: (chunk, _encoding, callback) => {
        this.result = fold(this.result, chunk);
        callback();
      },
    });
    /** The fold so far; the whole stream's once the pipeline has finished. */
    this.result = initial;
  }
}

/**
 * Runs `source` through `Readable.from`, the given object-mode Transforms and a FoldWritable with
 * `stream/promises` `pipeline`, and resolves with the fold. Make the Transforms per run.
 * @param {Iterable<any> | AsyncIterable<any>} source
 * @param {Transform[]} transforms
 * @param {(acc: number, x: any) => number} fold
 * @param {number} initial
 */
export async function foldThroughPipeline(source, transforms, fold, initial) {
  const sink = new FoldWritable(fold, initial);
  await pipeline(Readable.from(source), ...transforms, sink);
  return sink.result;
}
