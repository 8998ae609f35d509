import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { criticalPath, type TimedNode } from './critical-path.js';

interface Node extends TimedNode<Node> {
  name: string;
}

const span = (name: string, startUs: number, endUs: number, children: Node[] = []): Node => ({
  name,
  startUs,
  endUs,
  children,
});

const path = (root: Node): string[] =>
  criticalPath(root).map((s) => `${s.node.name} ${s.startUs}-${s.endUs}`);

describe('criticalPath', () => {
  it('is the root alone when it has no children', () => {
    assert.deepEqual(path(span('root', 0, 100)), ['root 0-100']);
  });

  it('follows sequential children and the parent between them, in time order', () => {
    const root = span('root', 0, 100, [span('b', 50, 90), span('a', 10, 40)]);
    assert.deepEqual(path(root), ['root 0-10', 'a 10-40', 'root 40-50', 'b 50-90', 'root 90-100']);
  });

  it('of parallel children keeps only the one that finished last', () => {
    const root = span('root', 0, 100, [span('fast', 10, 50), span('slow', 10, 95)]);
    assert.deepEqual(path(root), ['root 0-10', 'slow 10-95', 'root 95-100']);
  });

  it('takes an earlier child that finished before the last one started', () => {
    // `overlap` ends after `last` starts, so the parent could not have waited on it before `last`.
    const root = span('root', 0, 100, [span('first', 5, 20), span('overlap', 15, 60), span('last', 50, 100)]);
    assert.deepEqual(path(root), ['root 0-5', 'first 5-20', 'root 20-50', 'last 50-100']);
  });

  it('descends through every level', () => {
    const root = span('root', 0, 100, [span('mid', 10, 90, [span('leaf', 20, 80)])]);
    assert.deepEqual(path(root), ['root 0-10', 'mid 10-20', 'leaf 20-80', 'mid 80-90', 'root 90-100']);
  });

  it('clips a child that outlives its parent to the parent interval', () => {
    const root = span('root', 0, 100, [span('async', 60, 150)]);
    assert.deepEqual(path(root), ['root 0-60', 'async 60-100']);
  });

  it('ignores a child that starts after its parent ended', () => {
    const root = span('root', 0, 100, [span('late', 120, 150)]);
    assert.deepEqual(path(root), ['root 0-100']);
  });

  it('segments tile the root interval without gaps', () => {
    const root = span('root', 0, 1000, [
      span('a', 0, 300, [span('a1', 10, 200), span('a2', 150, 290)]),
      span('b', 250, 700),
      span('c', 710, 1000, [span('c1', 720, 730)]),
    ]);
    const segments = criticalPath(root);
    assert.equal(segments[0]!.startUs, 0);
    assert.equal(segments.at(-1)!.endUs, 1000);
    for (let i = 1; i < segments.length; i++) assert.equal(segments[i]!.startUs, segments[i - 1]!.endUs);
  });

  it('handles a chain 20,000 spans deep without overflowing the stack', () => {
    const depth = 20_000;
    let node = span(`s${depth}`, depth, depth + 1);
    for (let i = depth - 1; i >= 0; i--) node = span(`s${i}`, i, 2 * depth + 1 - i, [node]);
    const segments = criticalPath(node);
    assert.equal(segments.length, 2 * depth + 1);
    assert.equal(segments[depth]!.node.name, `s${depth}`);
  });
});
