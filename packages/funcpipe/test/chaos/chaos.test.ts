// The chaos suite: random pipelines built from the pieces of pieces.ts, random faults (a stage
// throws at item k, a read throws, a release throws or overruns the close deadline, the consumer
// breaks or throws at item j, an abort at time t, timers firing late), and after every run the
// conformance kit's checks (every resource released exactly once, LIFO within each scope, before
// the consumer's exit completes; no unhandled rejection; the first fault with later cleanup
// failures attached; no item after an abort), the tracker's (every run, bracket and scope FuncPipe
// opened was closed), and for per-item chains the accounting of every item: delivered as Ok,
// delivered as Err, or never delivered because of a stop. Seeded: CHAOS_SEED replays a failure
// (the seed is printed; CHAOS_PATH, the path of fast-check's report, replays the failing case
// alone), CHAOS_RUNS sets the number of cases (1,000 here; `npm run chaos` 100,000), CHAOS_REPORT
// names a JSON file for the figures.
import { test } from 'node:test';
import { writeFileSync } from 'node:fs';
import * as fc from 'fast-check';
import type { AsyncGen } from '../../src/async/async-gen.js';
import { checkCase } from '../../src/testing/case-checks.js';
import type { CaseLog } from '../../src/testing/case-log.js';
import { countCase, emptyStats } from '../../src/testing/check-conformance.js';
import { exitPlans, PLAN_FAULTS, type ExitPlan } from '../../src/testing/exit-plan.js';
import type { KitItem, KitResources } from '../../src/testing/kit-resources.js';
import { runCase } from '../../src/testing/run-case.js';
import { formatLeakReport, trackResources } from '../../src/testing/resource-tracker.js';
import { ItemError, PIECES, type Piece } from './pieces.js';

interface Tree {
  readonly piece: string;
  readonly param: number;
  readonly children: readonly Tree[];
}

interface ChaosCase {
  readonly tree: Tree;
  readonly plan: ExitPlan;
  /** A stage that throws: the node (in pre-order) and the item (0-based) at which it does. */
  readonly stage: { readonly node: number; readonly at: number } | undefined;
  /** A lifted stage's item that becomes an Err. */
  readonly lift: { readonly node: number; readonly at: number } | undefined;
}

const piece = (name: string): Piece => PIECES[name] as Piece;
const names = (arity: Piece['arity']): string[] => Object.keys(PIECES).filter((name) => piece(name).arity === arity);

const trees: fc.Arbitrary<Tree> = fc.letrec<{ node: Tree }>((tie) => ({
  node: fc.oneof(
    { maxDepth: 4, depthIdentifier: 'chaos-tree' },
    { arbitrary: fc.record({ piece: fc.constantFrom(...names(0)), param: fc.nat(9), children: fc.constant([]) }), weight: 2 },
    { arbitrary: fc.record({ piece: fc.constantFrom(...names(1)), param: fc.nat(9), children: tie('node').map((t) => [t]) }), weight: 4 },
    { arbitrary: fc.record({ piece: fc.constantFrom(...names('n')), param: fc.nat(9), children: fc.array(tie('node'), { minLength: 2, maxLength: 3 }) }), weight: 1 },
  ),
})).node;

const faultAt = fc.option(fc.record({ node: fc.nat(8), at: fc.nat(5) }), { nil: undefined, freq: 3 });
const cases: fc.Arbitrary<ChaosCase> = fc.record({
  tree: trees,
  plan: exitPlans(fc, { maxItems: 5, faults: new Set(PLAN_FAULTS) }),
  stage: faultAt,
  lift: faultAt,
});

function walk(tree: Tree, visit: (node: Tree) => void): void {
  visit(tree);
  for (const child of tree.children) walk(child, visit);
}

/** Builds the case's pipeline over the kit's resources: each node numbered in pre-order, each scope extending its parent's. */
function builder(chaos: ChaosCase): (resources: KitResources) => AsyncGen<unknown, unknown> {
  return (resources) => {
    let next = 0;
    const build = (tree: Tree, scope: string): AsyncGen<unknown, unknown> => {
      const node = next++;
      let staged = 0;
      let lifted = 0;
      const inputs = tree.children.map((child, i) => build(child, `${scope}${i}/`));
      return piece(tree.piece).build(
        {
          resources,
          scope,
          param: tree.param,
          stage: (where) => {
            if (chaos.stage?.node === node && chaos.stage.at === staged++) throw resources.injectFault(`${where} (node ${node}), item ${chaos.stage.at}`);
          },
          liftFails: () => chaos.lift?.node === node && chaos.lift.at === lifted++,
        },
        inputs,
      );
    };
    return build(chaos.tree, '');
  };
}

/** For a chain of per-item pieces over one source: each item delivered at most once, all of them unless the run stopped, in order when the chain keeps it. */
function accountItems(tree: Tree, log: CaseLog): string[] {
  const chain: Piece[] = [];
  let node = tree;
  for (; node.children.length === 1; node = node.children[0] as Tree) chain.push(piece(node.piece));
  if (node.children.length > 0 || piece(node.piece).arity !== 0 || !chain.every((p) => p.perItem === true)) return [];
  const source = log.resources.find((r) => r.scope === '0/'.repeat(chain.length));
  if (source === undefined) return [];
  const out: string[] = [];
  const seen = new Set<number>();
  const order: number[] = [];
  for (const d of log.deliveries) {
    const item = (d.ok ? d.value : ((d.value as { cause?: unknown }).cause as ItemError | undefined)?.item) as KitItem | undefined;
    if (item === undefined || item.resource !== source.id) {
      out.push(`an item not from the source was delivered: ${JSON.stringify(d.value)}`);
      continue;
    }
    if (seen.has(item.index)) out.push(`item ${item.index} was delivered twice`);
    seen.add(item.index);
    order.push(item.index);
  }
  const holds = log.plan.items[source.id % log.plan.items.length] as number;
  const stopped = log.threw || log.stopKind !== undefined || chain.some((p) => p.stops === true);
  if (!stopped && seen.size !== holds) out.push(`${holds - seen.size} of the source's ${holds} items were lost (neither Ok nor Err, and no stop)`);
  if (chain.every((p) => p.ordered !== false) && order.some((index, i) => index !== i)) out.push(`items out of order or with a gap: ${order.join(', ')}`);
  return out;
}

const numRuns = Number(process.env['CHAOS_RUNS'] ?? 1_000);
const seed = Number(process.env['CHAOS_SEED'] ?? Math.floor(Math.random() * 2 ** 31));
/** With CHAOS_SEED, the `path` of a failure's report replays just that case (and its shrinking). */
const replayPath = process.env['CHAOS_PATH'];

test(`chaos: ${numRuns} random pipelines with random faults (seed ${seed})`, async (t) => {
  const stats = { ...emptyStats(), tracked: 0, leaks: 0, pieces: {} as Record<string, number> };
  const property = fc.asyncProperty(cases, async (chaos) => {
    let concurrent = false;
    walk(chaos.tree, (node) => {
      stats.pieces[node.piece] = (stats.pieces[node.piece] ?? 0) + 1;
      concurrent ||= piece(node.piece).concurrent === true;
    });
    const times = { closeTimeoutMs: 5, settleMs: 2_000 };
    const { value: log, report, error, failed } = await trackResources(() => runCase(builder(chaos), chaos.plan, times, undefined), { graceMs: 200 });
    if (failed) throw error;
    const caseLog = log as CaseLog;
    countCase(stats, caseLog);
    stats.tracked += report.acquired;
    stats.leaks += report.leaks.length + report.doubleReleases.length;
    const violations = [
      ...checkCase(caseLog, { order: 'lifo', firstFault: concurrent ? 'any-fault' : 'first' }),
      ...accountItems(chaos.tree, caseLog),
      ...(report.clean ? [] : [formatLeakReport(report)]),
    ];
    if (violations.length > 0) {
      throw new Error(`${violations.join('\n')}\nresources: ${caseLog.resources.map((r) => `#${r.id} in '${r.scope}' ${r.openedSeq}-${r.closeSeqs.join('/')}`).join(' ')}\nfaults: ${caseLog.faults.map((f) => `${f.message}@${f.seq}`).join('; ')}\ncaught: ${String(caseLog.caught)}`);
    }
  });
  try {
    await fc.assert(property, { numRuns, seed, ...(replayPath === undefined ? {} : { path: replayPath }) });
  } catch (error) {
    const cause = (error as Error).cause;
    throw new Error(`chaos failed with seed ${seed}: replay with CHAOS_SEED=${seed} CHAOS_RUNS=${numRuns} (add CHAOS_PATH=<path below> for just the failing case)\n${(error as Error).message}\n${cause instanceof Error ? cause.message : ''}`);
  } finally {
    t.diagnostic(`chaos seed ${seed}: ${JSON.stringify(stats)}`);
    const reportFile = process.env['CHAOS_REPORT'];
    if (reportFile !== undefined) writeFileSync(reportFile, `${JSON.stringify({ seed, numRuns, ...stats }, null, 2)}\n`);
  }
});
