// The two-service trace the Jaeger API suites (v1 and v3) query: a failed checkout on `frontend` calling
// `payments`, whose span carries typed attributes, a link and an event.
import { traceRequest } from './otlp-request.js';

export interface CheckoutIds {
  traceId: string;
  rootId: string;
  childId: string;
  linked: { traceId: string; spanId: string };
}

/** An OTLP/JSON Export request: root `GET /checkout` (120 ms, ERROR) at `startMs`, child `charge` 10 ms later. */
export function checkoutTrace({ traceId, rootId, childId, linked }: CheckoutIds, startMs: number): unknown {
  return traceRequest(
    {
      frontend: [
        {
          traceId,
          spanId: rootId,
          name: 'GET /checkout',
          kind: 2,
          startMs,
          durationMs: 120,
          attributes: { 'http.response.status_code': 500 },
          status: { code: 2, message: 'boom' },
        },
      ],
      payments: [
        {
          traceId,
          spanId: childId,
          parentSpanId: rootId,
          name: 'charge',
          kind: 3,
          startMs: startMs + 10,
          durationMs: 80,
          attributes: { amount: 12.5, retry: true, card: 'visa' },
          links: [linked],
          events: [{ name: 'retrying', timeMs: startMs + 20, attributes: { attempt: '2' } }],
        },
      ],
    },
    { 'deployment.environment': 'test' },
  );
}
