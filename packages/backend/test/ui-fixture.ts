// The known telemetry the UI suites store: a checkout trace across three services with logs, and a trace
// whose names, attributes and log bodies are script-injection payloads.
import { logsRequest, postOtlp, traceRequest, type LogSpec, type SpanSpec } from './ui-otlp.js';

export const CHECKOUT_TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
export const XSS_TRACE = '0af7651916cd43dd8448eb211c80319c';

/** Each payload sets window.__xss if it ever runs. */
export const XSS = {
  service: '<img src=x onerror="window.__xss=1">',
  operation: '<script>window.__xss=2</script>',
  key: '<b onmouseover="window.__xss=3">key</b>',
  value: '"><svg onload="window.__xss=4">',
  body: '<img src=x onerror="window.__xss=5"> log',
};

export const CHECKOUT_SPANS: SpanSpec[] = [
  {
    service: 'frontend',
    spanId: '1000000000000001',
    name: 'GET /checkout',
    kind: 2,
    startMs: 0,
    durationMs: 120,
    attributes: { 'http.request.method': 'GET', 'http.route': '/checkout', 'http.response.status_code': 200 },
    links: [{ traceId: XSS_TRACE, spanId: '2000000000000001' }],
  },
  {
    service: 'frontend',
    spanId: '1000000000000002',
    parentId: '1000000000000001',
    name: 'POST',
    kind: 3,
    startMs: 5,
    durationMs: 100,
    attributes: { 'http.request.method': 'POST', 'server.address': 'checkout' },
  },
  {
    service: 'checkout',
    spanId: '1000000000000003',
    parentId: '1000000000000002',
    name: 'POST /orders',
    kind: 2,
    startMs: 10,
    durationMs: 90,
    attributes: { 'http.request.method': 'POST', 'http.route': '/orders', 'order.id': 'ord-42' },
  },
  {
    service: 'checkout',
    spanId: '1000000000000004',
    parentId: '1000000000000003',
    name: 'INSERT orders',
    kind: 3,
    startMs: 12,
    durationMs: 20,
    attributes: { 'db.system.name': 'sqlite', 'db.query.text': 'INSERT INTO orders VALUES (?)' },
  },
  {
    service: 'checkout',
    spanId: '1000000000000005',
    parentId: '1000000000000003',
    name: 'POST',
    kind: 3,
    startMs: 35,
    durationMs: 60,
    attributes: { 'http.request.method': 'POST', 'server.address': 'payments' },
    error: 'payment refused',
  },
  {
    service: 'payments',
    spanId: '1000000000000006',
    parentId: '1000000000000005',
    name: 'POST /charge',
    kind: 2,
    startMs: 40,
    durationMs: 50,
    attributes: { 'http.request.method': 'POST', 'http.route': '/charge', 'http.response.status_code': 502 },
    error: 'card declined',
    events: [{ name: 'exception', atMs: 80, attributes: { 'exception.type': 'CardDeclined' } }],
  },
];

/** Depth of each checkout span in the tree (root 0). */
export const CHECKOUT_DEPTHS: Record<string, number> = {
  '1000000000000001': 0,
  '1000000000000002': 1,
  '1000000000000003': 2,
  '1000000000000004': 3,
  '1000000000000005': 3,
  '1000000000000006': 4,
};

export const CHECKOUT_LOGS: LogSpec[] = [
  {
    service: 'checkout',
    spanId: '1000000000000003',
    atMs: 11,
    severityNumber: 9,
    severityText: 'INFO',
    body: 'order ord-42 accepted',
  },
  {
    service: 'payments',
    spanId: '1000000000000006',
    atMs: 85,
    severityNumber: 17,
    severityText: 'ERROR',
    body: 'card declined by issuer',
  },
];

const XSS_SPANS: SpanSpec[] = [
  {
    service: XSS.service,
    spanId: '2000000000000001',
    name: XSS.operation,
    kind: 2,
    startMs: 0,
    durationMs: 30,
    attributes: { [XSS.key]: XSS.value },
    events: [{ name: XSS.operation, atMs: 5, attributes: { [XSS.key]: XSS.value } }],
  },
];

const XSS_LOGS: LogSpec[] = [
  {
    service: XSS.service,
    spanId: '2000000000000001',
    atMs: 10,
    severityNumber: 13,
    severityText: 'WARN',
    body: XSS.body,
  },
];

/** Stores both traces and their logs through the OTLP/HTTP receiver, ending `agoMs` before now. */
export async function storeFixtures(otlpEndpoint: string, agoMs = 60_000, token?: string): Promise<void> {
  const base = Date.now() - agoMs;
  await postOtlp(otlpEndpoint, 'traces', traceRequest(CHECKOUT_TRACE, base, CHECKOUT_SPANS), token);
  await postOtlp(otlpEndpoint, 'logs', logsRequest(CHECKOUT_TRACE, base, CHECKOUT_LOGS), token);
  await postOtlp(otlpEndpoint, 'traces', traceRequest(XSS_TRACE, base + 1000, XSS_SPANS), token);
  await postOtlp(otlpEndpoint, 'logs', logsRequest(XSS_TRACE, base + 1000, XSS_LOGS), token);
}
