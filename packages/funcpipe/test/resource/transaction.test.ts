// transaction() against a real transactional store on disk: begin takes an exclusive lock file
// and loads the state, commit writes a staging file and renames it over the data file (atomic on
// POSIX), rollback drops the working copy. Failures are real file-system errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rename, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { transaction, type TransactionPort } from '../../src/resource/transaction.js';
import { SuppressedError } from '../../src/resource/disposable-stack.js';

type State = Record<string, number>;

class FileStore implements TransactionPort {
  readonly calls: string[] = [];
  #working: State | undefined;

  constructor(readonly dir: string) {}

  get data(): string {
    return join(this.dir, 'data.json');
  }
  get lock(): string {
    return join(this.dir, 'data.lock');
  }
  get staging(): string {
    return join(this.dir, 'staging');
  }

  static async create(dir: string, initial: State): Promise<FileStore> {
    const store = new FileStore(dir);
    await mkdir(store.staging, { recursive: true });
    await writeFile(store.data, JSON.stringify(initial));
    return store;
  }

  async begin(): Promise<void> {
    this.calls.push('begin');
    await writeFile(this.lock, String(process.pid), { flag: 'wx' });
    this.#working = JSON.parse(await readFile(this.data, 'utf8')) as State;
  }

  set(key: string, value: number): void {
    if (this.#working === undefined) throw new Error('no transaction');
    this.#working[key] = value;
  }

  async commit(): Promise<void> {
    this.calls.push('commit');
    const staged = join(this.staging, 'data.json');
    await writeFile(staged, JSON.stringify(this.#working));
    await rename(staged, this.data);
    this.#working = undefined;
    await unlink(this.lock);
  }

  async rollback(): Promise<void> {
    this.calls.push('rollback');
    this.#working = undefined;
    await unlink(this.lock);
  }

  async onDisk(): Promise<State> {
    return JSON.parse(await readFile(this.data, 'utf8')) as State;
  }
}

async function withStore<R>(initial: State, run: (store: FileStore) => Promise<R>): Promise<R> {
  const dir = await mkdtemp(join(tmpdir(), 'funcpipe-tx-'));
  try {
    return await run(await FileStore.create(dir, initial));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const code = (e: unknown) => (e as NodeJS.ErrnoException).code;

test('transaction law: the file on disk holds exactly the committed transactions', async () => {
  const op = fc.tuple(fc.constantFrom('a', 'b', 'c'), fc.integer());
  const tx = fc.record({ ops: fc.array(op, { maxLength: 4 }), fate: fc.constantFrom('commit', 'body-throws', 'commit-fails') });
  await fc.assert(
    fc.asyncProperty(fc.array(tx, { minLength: 1, maxLength: 6 }), async (txs) => {
      await withStore({}, async (store) => {
        const model: State = {};
        for (const [i, { ops, fate }] of txs.entries()) {
          const boom = new Error(`tx ${i} body failed`);
          if (fate === 'commit-fails') await rm(store.staging, { recursive: true });
          const run = transaction(store, (s) => {
            for (const [key, value] of ops) s.set(key, value);
            if (fate === 'body-throws') throw boom;
            return i;
          });
          if (fate === 'commit') {
            assert.equal(await run, i);
            for (const [key, value] of ops) model[key] = value;
          } else if (fate === 'body-throws') {
            await assert.rejects(run, (e) => e === boom);
          } else {
            await assert.rejects(run, (e) => code(e) === 'ENOENT' && !(e instanceof SuppressedError));
            await mkdir(store.staging);
          }
          assert.deepEqual(await store.onDisk(), model);
          assert.equal(existsSync(store.lock), false, 'the lock is released on every path');
        }
        const expectedCalls = txs.flatMap(({ fate }) => ['begin', ...(fate === 'commit' ? ['commit'] : fate === 'body-throws' ? ['rollback'] : ['commit', 'rollback'])]);
        assert.deepEqual(store.calls, expectedCalls);
      });
    }),
    { numRuns: 40 },
  );
});

test('transaction: a rollback failure never masks the body error', async () => {
  await withStore({ n: 1 }, async (store) => {
    const boom = new Error('body failed');
    await assert.rejects(
      transaction(store, async (s) => {
        s.set('n', 2);
        await unlink(s.lock);
        throw boom;
      }),
      (e) => e instanceof SuppressedError && e.suppressed === boom && code(e.error) === 'ENOENT',
    );
    assert.deepEqual(await store.onDisk(), { n: 1 });
  });
});

test('transaction: a failed commit is rolled back and rejects with the commit error, keeping a rollback failure', async () => {
  await withStore({ n: 1 }, async (store) => {
    await rm(store.staging, { recursive: true });
    await assert.rejects(
      transaction(store, async (s) => {
        s.set('n', 2);
        await unlink(s.lock);
      }),
      (e) => e instanceof SuppressedError && code(e.suppressed) === 'ENOENT' && (e.suppressed as NodeJS.ErrnoException).path?.includes('staging') === true && (e.error as NodeJS.ErrnoException).path === store.lock,
    );
    assert.deepEqual(store.calls, ['begin', 'commit', 'rollback']);
    assert.deepEqual(await store.onDisk(), { n: 1 });
  });
});

test('transaction: a failed begin runs neither the body nor a rollback', async () => {
  await withStore({}, async (store) => {
    await writeFile(store.lock, 'held by someone else');
    let ran = false;
    await assert.rejects(
      transaction(store, () => {
        ran = true;
      }),
      (e) => code(e) === 'EEXIST',
    );
    assert.equal(ran, false);
    assert.deepEqual(store.calls, ['begin']);
  });
});

test('transaction: while one transaction is open a second one cannot begin', async () => {
  await withStore({}, async (store) => {
    const outer = transaction(store, async (s) => {
      s.set('x', 1);
      await assert.rejects(transaction(store, () => 'inner'), (e) => code(e) === 'EEXIST');
      return 'outer';
    });
    assert.equal(await outer, 'outer');
    assert.deepEqual(await store.onDisk(), { x: 1 });
  });
});

test('transaction: bad arguments are TypeErrors naming the argument', async () => {
  await assert.rejects(transaction(null as never, () => 1), /transaction: expected `port` to be an object with begin, commit and rollback, got null/);
  await assert.rejects(transaction({ begin() {}, commit() {} } as never, () => 1), /transaction: expected `port.rollback` to be a function, got undefined/);
  await assert.rejects(transaction({ begin() {}, commit() {}, rollback() {} }, 'body' as never), /transaction: expected `body` to be a function/);
});
