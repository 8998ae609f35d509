// The span tree of a stored trace, and the critical-path view computed from it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Span } from '../otlp/model.js';
import type { StoredSpan } from '../storage/store.js';
import { criticalPathView } from './critical-path-view.js';
import { buildTraceTree, mainRoot } from './trace-tree.js';

const id = (n: number): Uint8Array => Buffer.from(n.toString(16).padStart(16, '0'), 'hex');

function stored(spanId: number, parent: number | undefined, startMs: number, endMs: number): StoredSpan {
  const span = {
    traceId: Buffer.alloc(16, 1),
    spanId: id(spanId),
    parentSpanId: parent === undefined ? new Uint8Array(0) : id(parent),
    name: `op${spanId}`,
    startTimeUnixNano: startMs * 1e6,
    endTimeUnixNano: endMs * 1e6,
  } as unknown as Span;
  return {
    span,
    resource: { resource: { attributes: [], droppedAttributesCount: 0 }, schemaUrl: '', serviceName: 'svc' },
    scope: { scope: { name: '', version: '', attributes: [], droppedAttributesCount: 0 }, schemaUrl: '' },
  };
}

const names = (nodes: { stored: StoredSpan }[]): string[] => nodes.map((n) => n.stored.span.name);

describe('buildTraceTree', () => {
  it('orders spans depth-first with children by start time, in µs', () => {
    const tree = buildTraceTree([stored(1, undefined, 0, 100), stored(3, 1, 50, 60), stored(2, 1, 10, 20)]);
    assert.deepEqual(names(tree.ordered), ['op1', 'op2', 'op3']);
    assert.deepEqual([tree.startUs, tree.endUs], [0, 100_000]);
    assert.equal(tree.ordered[1]!.parentSpanId, '0000000000000001');
  });

  it('makes a span whose parent is missing a root, so nothing is hidden', () => {
    const tree = buildTraceTree([stored(1, undefined, 0, 100), stored(2, 99, 5, 200)]);
    assert.deepEqual(names(tree.roots), ['op1', 'op2']);
    assert.equal(mainRoot(tree)!.stored.span.name, 'op2');
  });

  it('cuts a parent cycle and shows it as a root', () => {
    const tree = buildTraceTree([stored(1, undefined, 0, 100), stored(2, 3, 5, 10), stored(3, 2, 6, 9)]);
    assert.deepEqual(names(tree.ordered).sort(), ['op1', 'op2', 'op3']);
    assert.equal(tree.roots.length, 2);
  });
});

describe('criticalPathView', () => {
  const hexId = (n: number): string => n.toString(16).padStart(16, '0');

  it('lists a parent whose child covered all its time, with criticalMs 0', () => {
    const tree = buildTraceTree([stored(1, undefined, 0, 100), stored(2, 1, 0, 100), stored(3, 2, 20, 60)]);
    const view = criticalPathView(tree);
    assert.deepEqual(
      view.path.map((s) => [s.name, s.criticalMs]),
      [
        ['op1', 0],
        ['op2', 60],
        ['op3', 40],
      ],
    );
    assert.deepEqual(view.segments, [
      { spanId: hexId(2), startMs: 0, endMs: 20 },
      { spanId: hexId(3), startMs: 20, endMs: 60 },
      { spanId: hexId(2), startMs: 60, endMs: 100 },
    ]);
  });

  it('follows the longest root and measures times from the trace start', () => {
    const tree = buildTraceTree([
      stored(1, undefined, 10, 20),
      stored(2, undefined, 15, 115),
      stored(3, 2, 50, 70),
    ]);
    const view = criticalPathView(tree);
    assert.equal(view.rootSpanId, hexId(2));
    assert.equal(view.durationMs, 100);
    assert.deepEqual(
      view.path.map((s) => [s.name, s.startMs, s.criticalMs]),
      [
        ['op2', 5, 80],
        ['op3', 40, 20],
      ],
    );
  });
});
