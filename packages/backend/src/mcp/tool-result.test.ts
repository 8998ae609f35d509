import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { withinBudget } from './tool-result.js';

describe('withinBudget', () => {
  it('keeps every item when their JSON fits', () => {
    assert.deepEqual(withinBudget(['a', 'b'], 100), { items: ['a', 'b'], omitted: 0 });
  });

  it('keeps the leading items that fit and counts the rest', () => {
    // Each `"xxxx"` is 6 characters plus a separator.
    const items = ['aaaa', 'bbbb', 'cccc', 'dddd'];
    assert.deepEqual(withinBudget(items, 14), { items: ['aaaa', 'bbbb'], omitted: 2 });
    assert.deepEqual(withinBudget(items, 6), { items: [], omitted: 4 });
  });

  it('builds the view of an item only when it is reached', () => {
    const viewed: number[] = [];
    const result = withinBudget([1, 2, 3, 4, 5], 20, (n) => {
      viewed.push(n);
      return { n };
    });
    assert.deepEqual(result, { items: [{ n: 1 }, { n: 2 }], omitted: 3 });
    assert.deepEqual(viewed, [1, 2, 3]);
  });
});
