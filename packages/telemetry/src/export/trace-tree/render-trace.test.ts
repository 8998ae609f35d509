import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { stripVTControlCharacters } from 'node:util';
import { renderTrace } from './render-trace.js';
import type { TreeSpan } from './tree-span.js';

const T0 = Date.UTC(2026, 0, 1) * 1000;
const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';

function span(spanId: string, parentSpanId: string | undefined, fields: Partial<TreeSpan>): TreeSpan {
  return {
    traceId: TRACE,
    spanId,
    parentSpanId,
    name: spanId,
    service: 'gateway',
    startUs: T0,
    durationUs: 1000,
    status: 'unset',
    attributes: {},
    ...fields,
  };
}

const checkout: TreeSpan[] = [
  span('charge', 'client', {
    service: 'payments',
    name: 'POST /charges',
    startUs: T0 + 20_000,
    durationUs: 80_000,
    status: 'error',
    statusMessage: 'card declined',
    attributes: { 'error.type': 'CardDeclined', 'payment.card': 'visa' },
  }),
  span('root', undefined, {
    name: 'POST /orders',
    durationUs: 182_400,
    attributes: { 'http.request.method': 'POST', 'http.route': '/orders', 'http.response.status_code': 502 },
  }),
  span('client', 'root', { name: 'POST', startUs: T0 + 10_000, durationUs: 95_000 }),
  span('db', 'root', {
    name: 'INSERT orders',
    startUs: T0 + 150_000,
    durationUs: 850,
    attributes: { 'db.system.name': 'sqlite', 'db.operation.name': 'INSERT' },
  }),
];

/** Drops the header (its time is local) and the trailing newline. */
function body(text: string): string[] {
  return text.trimEnd().split('\n').slice(1);
}

describe('renderTrace', () => {
  test('nests spans under their parents in start order with durations, services and key attributes', () => {
    assert.deepEqual(body(renderTrace(checkout, { color: false })), [
      '   182ms  gateway   POST /orders  http.request.method=POST http.route=/orders http.response.status_code=502',
      '  95.0ms  gateway   ├─ POST',
      '  80.0ms  payments  │  └─ POST /charges  ERROR "card declined"  error.type=CardDeclined',
      '   850µs  gateway   └─ INSERT orders  db.system.name=sqlite db.operation.name=INSERT',
    ]);
  });

  test('the header names the trace, its overall duration, span and error counts', () => {
    const [header] = renderTrace(checkout, { color: false }).split('\n');
    assert.match(
      header!,
      new RegExp(
        `^Trace ${TRACE}  \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3}  182ms  4 spans, 1 error$`,
      ),
    );
  });

  test('shows every messaging attribute after the fixed key attributes', () => {
    const send = span('send', undefined, {
      name: 'publish orders',
      attributes: {
        'messaging.system': 'skein-outbox',
        'messaging.destination.name': 'orders',
        'error.type': 'timeout',
        'other.key': 'hidden',
      },
    });
    assert.deepEqual(body(renderTrace([send], { color: false })), [
      '  1.00ms  gateway  publish orders  error.type=timeout messaging.destination.name=orders messaging.system=skein-outbox',
    ]);
  });

  test('a span whose parent is missing is a root and says so', () => {
    const lines = body(renderTrace([span('late', 'gone', { name: 'work' })], { color: false }));
    assert.deepEqual(lines, ['  1.00ms  gateway  work  (parent gone not shown)']);
  });

  test('logs print under the span they were written in; logs without a known span after the tree', () => {
    const text = renderTrace(checkout, {
      color: false,
      logs: [
        { spanId: 'db', timeUs: T0 + 150_100, severity: 'WARN', body: 'slow insert' },
        { spanId: 'root', timeUs: T0 + 1, severity: 'INFO', body: 'order received' },
        { timeUs: T0 + 2, severity: 'ERROR', body: 'no span' },
      ],
    });
    const lines = body(text);
    assert.equal(lines[1], '                    │  · INFO order received');
    assert.equal(lines[5], `${' '.repeat(26)}· WARN slow insert`);
    assert.equal(lines[6], '                    · ERROR no span');
  });

  test('colour wraps parts in ANSI codes only when asked', () => {
    const esc = '\u001b[';
    assert.ok(!renderTrace(checkout, { color: false }).includes(esc));
    const colored = renderTrace(checkout, { color: true });
    assert.ok(colored.includes(`${esc}31m${esc}1mERROR${esc}22m${esc}39m`), 'ERROR is bold red');
    assert.equal(stripVTControlCharacters(colored), renderTrace(checkout, { color: false }));
  });

  test('renders nothing for no spans', () => {
    assert.equal(renderTrace([], { color: false }), '');
  });
});
