import type { AnyStage, Link, Sink, Step, StepFn, StepKind } from './protocol.js';
import { INERT_SINK, inert, keepShape } from '../../internal/keep-shape.js';

// Stage fusion. V8 inlines a callback only while its call site sees one function; a `MapSink`
// shared by both maps of `map(f), filter(p), map(g)` makes its call site megamorphic, and that
// pipeline then runs about 5x slower than when fused (9-10x the hand-written loop). So each
// run of consecutive steps is compiled once per shape (say "map,filter,map") into one sink
// class whose `push` is the steps' code in sequence: every call site serves one position of
// one shape. The code comes only from the fixed templates of the step kinds in this package,
// never from user input; user functions are passed in as values. Where the runtime forbids
// code generation (`--disallow-code-generation-from-strings`, a strict CSP), the steps' own
// sink classes are chained instead: same behaviour, slower.

type FusedSink = new (down: Sink<unknown>, fns: readonly StepFn[]) => Sink<unknown>;

/** Longest run of steps compiled into one class; longer runs are split. */
const MAX_RUN = 16;
/** Number of distinct shapes compiled before new shapes fall back to chained classes. */
const MAX_SHAPES = 512;

const compiled = new Map<string, FusedSink>();
let codegenAllowed = true;

function compile(kinds: readonly StepKind[]): FusedSink | undefined {
  const shape = kinds.map((kind) => kind.name).join(',');
  const known = compiled.get(shape);
  if (known !== undefined || !codegenAllowed || compiled.size >= MAX_SHAPES) return known;
  // Each function is read into a local before the calls, so user code runs with `this`
  // undefined (as Array.prototype.map calls it), never with the fused object.
  const fields = kinds.map((_, j) => `this.f${j} = fns[${j}]; this.n${j} = 0;`).join(' ');
  const locals = kinds.map((_, j) => `const f${j} = this.f${j};`).join(' ');
  const body = kinds.map((kind, j) => kind.code.replaceAll('$f', `f${j}`).replaceAll('$n', `this.n${j}`)).join(' ');
  const source = `'use strict'; return class FusedSteps {
    constructor(down, fns) { this.down = down; ${fields} }
    push(v, i) { ${locals} ${body} return this.down.push(v, i); }
    end() { this.down.end(); }
  };`;
  let fused: FusedSink;
  try {
    fused = (new Function(source) as () => FusedSink)();
  } catch (error) {
    if (!(error instanceof EvalError)) throw error;
    codegenAllowed = false;
    return undefined;
  }
  compiled.set(shape, fused);
  keepShape(new fused(INERT_SINK, kinds.map(() => inert)));
  return fused;
}

function fuseRun(steps: readonly Step[]): AnyStage {
  const fns = steps.map((step) => step.f);
  const fused = compile(steps.map((step) => step.kind));
  if (fused !== undefined) return ((down: Sink<unknown>) => new fused(down, fns)) as AnyStage;
  return ((down: Sink<unknown>) => {
    let sink = down;
    for (let j = steps.length - 1; j >= 0; j--) {
      const step = steps[j] as Step;
      sink = step.kind.sink(sink, step.f);
    }
    return sink;
  }) as AnyStage;
}

/**
 * Turns a stream's chain into the stages one run builds: each run of consecutive steps
 * becomes a single fused stage; general stages stay as they are.
 */
export function planChain(links: readonly Link[]): readonly AnyStage[] {
  const stages: AnyStage[] = [];
  let i = 0;
  while (i < links.length) {
    const link = links[i] as Link;
    if (typeof link === 'function') {
      stages.push(link);
      i++;
      continue;
    }
    let j = i + 1;
    while (j < links.length && j - i < MAX_RUN && typeof links[j] !== 'function') j++;
    stages.push(fuseRun(links.slice(i, j) as Step[]));
    i = j;
  }
  return stages;
}
