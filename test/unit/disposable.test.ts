import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Disposable, type DisposableLike } from '../../src/disposable';

class Owner extends Disposable {
  register<T extends DisposableLike>(owned: T): T {
    return this._register(owned);
  }
  get isGone(): boolean {
    return this.disposed;
  }
}

test('what an owner registered is disposed once, last first, and what comes after it at once', () => {
  const log: string[] = [];
  const item = (name: string) => ({ dispose: () => log.push(name) });
  const owner = new Owner();
  const first = item('first');
  assert.equal(owner.register(first), first);
  owner.register(item('second'));
  assert.deepEqual(log, []);
  owner.dispose();
  owner.dispose();
  assert.deepEqual(log, ['second', 'first']);
  assert.ok(owner.isGone);
  owner.register(item('late'));
  assert.deepEqual(log, ['second', 'first', 'late']);
});
