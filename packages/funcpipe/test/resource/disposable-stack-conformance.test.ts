// The exported DisposableStack, AsyncDisposableStack and SuppressedError behave as the native
// classes do (the cases of test262's built-ins/DisposableStack, AsyncDisposableStack and
// NativeErrors/SuppressedError suites, and of the es-shims tests, in intent). On Node 20 they are
// lazy stand-ins in front of the es-shims polyfill; nothing here may tell them apart.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { AsyncDisposableStack, DisposableStack, SuppressedError } from '../../src/index.js';

type Ctor = new (...args: never[]) => object;
const stacks: ReadonlyArray<readonly [string, Ctor]> = [
  ['DisposableStack', DisposableStack],
  ['AsyncDisposableStack', AsyncDisposableStack],
];
const all: ReadonlyArray<readonly [string, Ctor, number]> = [...stacks.map(([n, c]) => [n, c, 0] as const), ['SuppressedError', SuppressedError, 3]];

for (const [name, C, length] of all) {
  test(`${name}: name, length and prototype are the native property descriptors`, () => {
    assert.deepEqual(Object.getOwnPropertyDescriptor(C, 'name'), { value: name, writable: false, enumerable: false, configurable: true });
    assert.deepEqual(Object.getOwnPropertyDescriptor(C, 'length'), { value: length, writable: false, enumerable: false, configurable: true });
    const proto = Object.getOwnPropertyDescriptor(C, 'prototype');
    assert.equal(proto?.writable, false);
    assert.equal(proto?.enumerable, false);
    assert.equal(proto?.configurable, false);
    assert.equal(C.name, name);
    assert.equal(C.length, length);
  });

  test(`${name}: prototype.constructor is the export itself, and instances know it`, () => {
    assert.equal(C.prototype.constructor, C);
    const descriptor = Object.getOwnPropertyDescriptor(C.prototype, 'constructor');
    assert.equal(descriptor?.enumerable, false);
    const made = new (C as new (...a: unknown[]) => object)(new Error('a'), new Error('b'));
    assert.ok(made instanceof C);
    assert.equal(Object.getPrototypeOf(made), C.prototype);
    assert.equal((made as { constructor: unknown }).constructor, C);
  });

  test(`${name}: subclasses construct instances of the subclass (new.target is honoured)`, () => {
    class Sub extends (C as new (...a: unknown[]) => object) {
      readonly extra = 'kept';
    }
    const made = new Sub(new Error('a'), new Error('b'));
    assert.ok(made instanceof Sub);
    assert.ok(made instanceof C);
    assert.equal(Object.getPrototypeOf(made), Sub.prototype);
    assert.equal(made.extra, 'kept');
    assert.equal(Object.getPrototypeOf(Sub), C);
  });

  test(`${name}: a new.target whose prototype is not an object gives the class's own prototype`, () => {
    for (const bad of [null, undefined, 1, 'x']) {
      const newTarget = function () {} as unknown as { prototype: unknown };
      newTarget.prototype = bad;
      const made = Reflect.construct(C, [new Error('a'), new Error('b')], newTarget as unknown as Function) as object;
      assert.equal(Object.getPrototypeOf(made), C.prototype);
    }
  });

  test(`${name}: Reflect.construct with another new.target takes that prototype`, () => {
    const custom = { marker: true };
    const newTarget = function () {} as unknown as { prototype: unknown };
    newTarget.prototype = custom;
    const made = Reflect.construct(C, [new Error('a'), new Error('b')], newTarget as unknown as Function) as object;
    assert.equal(Object.getPrototypeOf(made), custom);
  });
}

for (const [name, C] of stacks) {
  test(`${name}: a call without new throws a TypeError (and returns nothing)`, () => {
    assert.throws(() => (C as unknown as () => unknown)(), TypeError);
    assert.throws(() => Reflect.apply(C as unknown as Function, new (C as new () => object)(), []), TypeError);
    assert.throws(() => Reflect.apply(C as unknown as Function, Object.create(C.prototype as object), []), TypeError);
  });

  test(`${name}: the constructor inherits from Function.prototype; the prototype has its toStringTag`, () => {
    assert.equal(Object.getPrototypeOf(C), Function.prototype);
    assert.equal(Object.getPrototypeOf(C.prototype), Object.prototype);
    assert.equal(Object.prototype.toString.call(new C()), `[object ${name}]`);
  });

  test(`${name}: move() returns a new stack of the same class, holding what the old one held`, async () => {
    const order: string[] = [];
    const stack = new (C as new () => DisposableStack) ();
    stack.defer(() => void order.push('released'));
    const moved = stack.move();
    assert.equal(Object.getPrototypeOf(moved), C.prototype);
    assert.ok(moved instanceof C);
    assert.equal(stack.disposed, true);
    await (moved as unknown as { disposeAsync?: () => Promise<void>; dispose?: () => void }).disposeAsync?.();
    (moved as unknown as { dispose?: () => void }).dispose?.();
    assert.deepEqual(order, ['released']);
  });

  test(`${name}: a subclass instance is a working stack`, async () => {
    class Sub extends (C as new () => DisposableStack) {}
    const order: number[] = [];
    const stack = new Sub();
    stack.defer(() => void order.push(1));
    stack.defer(() => void order.push(2));
    await (stack as unknown as { disposeAsync?: () => Promise<void> }).disposeAsync?.();
    (stack as unknown as { dispose?: () => void }).dispose?.();
    assert.deepEqual(order, [2, 1]);
    assert.equal(stack.disposed, true);
  });
}

test('SuppressedError: callable without new, like every native Error class, keeping both errors', () => {
  const error = new Error('cleanup');
  const suppressed = new Error('original');
  const call = SuppressedError as unknown as (e: unknown, s: unknown, m?: string) => SuppressedError;
  assert.throws(
    () => {
      throw call(error, suppressed, 'both');
    },
    (e: unknown) => e instanceof SuppressedError && e.error === error && e.suppressed === suppressed && e.message === 'both',
  );
  const made = call(error, suppressed);
  assert.equal(Object.getPrototypeOf(made), SuppressedError.prototype);
  assert.ok(made instanceof Error);
});

test('SuppressedError: inherits from Error; prototype name and message; toString', () => {
  assert.equal(Object.getPrototypeOf(SuppressedError), Error);
  assert.equal(Object.getPrototypeOf(SuppressedError.prototype), Error.prototype);
  assert.equal(SuppressedError.prototype.name, 'SuppressedError');
  assert.equal(SuppressedError.prototype.message, '');
  assert.equal(Object.hasOwn(SuppressedError.prototype, 'error'), false);
  assert.equal(Object.hasOwn(SuppressedError.prototype, 'suppressed'), false);
  assert.equal(String(new SuppressedError(1, 2, 'msg')), 'SuppressedError: msg');
});

test('SuppressedError: error and suppressed are own non-enumerable data properties; no message property without a message', () => {
  const made = new SuppressedError('e', 's');
  for (const key of ['error', 'suppressed'] as const) {
    const descriptor = Object.getOwnPropertyDescriptor(made, key);
    assert.deepEqual(descriptor, { value: key === 'error' ? 'e' : 's', writable: true, enumerable: false, configurable: true });
  }
  assert.equal(Object.hasOwn(made, 'message'), false);
  assert.equal(made.message, '');
  assert.equal(Object.getOwnPropertyDescriptor(new SuppressedError(1, 2, 42 as unknown as string), 'message')?.value, '42');
  assert.equal(new SuppressedError(undefined, undefined).error, undefined);
});

test('the polyfill is still loaded on first use only: importing the package and running a stream load none of it', async () => {
  const index = new URL('../../src/index.js', import.meta.url).href;
  const script = `
    import { createRequire } from 'node:module';
    const m = await import(${JSON.stringify(index)});
    const loaded = () => Object.keys(createRequire(import.meta.url).cache).filter((k) => /disposablestack|suppressed-error/.test(k)).length;
    const before = loaded();
    await m.pipe(m.Async.of(1, 2), m.Async.map((x) => x), m.Async.toArray());
    const afterRun = loaded();
    void m.SuppressedError.name;
    console.log(JSON.stringify([before, afterRun, loaded() > 0]));`;
  const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script]);
  assert.deepEqual(JSON.parse(stdout), typeof (globalThis as { SuppressedError?: unknown }).SuppressedError === 'function' ? [0, 0, false] : [0, 0, true]);
});
