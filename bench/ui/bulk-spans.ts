// Fills a data directory with millions of spans fast: straight through the embedded store's writer (the
// same transactions and indexes the OTLP receivers use), skipping HTTP and protobuf decoding, which the
// UI benchmark does not measure. Traces of 10 spans over five services, spread over the last 30 minutes.
import type { ResourceSpans, Span } from '../../packages/backend/src/otlp/model.js';
import { SqliteStore } from '../../packages/backend/src/storage/sqlite/sqlite-store.js';

export const BULK_SERVICES = ['frontend', 'checkout', 'payments', 'inventory', 'shipping'];
export const BULK_ROOT_OPERATION = 'GET /api/orders/:id';
const SPANS_PER_TRACE = 10;
const TRACES_PER_BATCH = 1000;
const SPREAD_US = 30 * 60e6;

const str = (key: string, value: string) => ({ key, value: { stringValue: value } });

/** One batch's span objects; `fill` rewrites their ids and times in place for each transaction. */
function batchTemplate(): { batch: ResourceSpans[]; traces: { id: Buffer; spans: Span[] }[] } {
  const batch: ResourceSpans[] = BULK_SERVICES.map((service) => ({
    resource: {
      attributes: [str('service.name', service), str('host.name', 'bench-1')],
      droppedAttributesCount: 0,
    },
    schemaUrl: '',
    scopeSpans: [
      {
        scope: { name: '@skein/telemetry', version: '0.1.0', attributes: [], droppedAttributesCount: 0 },
        spans: [],
        schemaUrl: '',
      },
    ],
  }));
  const traces: { id: Buffer; spans: Span[] }[] = [];
  for (let t = 0; t < TRACES_PER_BATCH; t++) {
    const id = Buffer.alloc(16);
    const spans: Span[] = [];
    for (let s = 0; s < SPANS_PER_TRACE; s++) {
      const span: Span = {
        traceId: id,
        spanId: Buffer.from([0xb0, 0, 0, 0, t >> 8, t & 0xff, s, 1]),
        traceState: '',
        parentSpanId: s === 0 ? Buffer.alloc(0) : Buffer.from([0xb0, 0, 0, 0, t >> 8, t & 0xff, s - 1, 1]),
        flags: 1,
        name: s === 0 ? BULK_ROOT_OPERATION : `${['SELECT', 'INSERT', 'POST', 'GET'][s % 4]} op${s}`,
        kind: s === 0 ? 2 : 3,
        startTimeUnixNano: 0,
        endTimeUnixNano: 0,
        attributes: [
          str('http.request.method', 'GET'),
          str('http.route', BULK_ROOT_OPERATION),
          { key: 'http.response.status_code', value: { intValue: t % 50 === 0 ? 500 : 200 } },
          str('user.tier', t % 10 === 0 ? 'gold' : 'basic'),
        ],
        droppedAttributesCount: 0,
        events: [],
        droppedEventsCount: 0,
        links: [],
        droppedLinksCount: 0,
        status: { code: t % 50 === 0 && s === 0 ? 2 : 0, message: '' },
      };
      spans.push(span);
      batch[s % BULK_SERVICES.length]!.scopeSpans[0]!.spans.push(span);
    }
    traces.push({ id, spans });
  }
  return { batch, traces };
}

/**
 * Writes `total` spans (rounded up to whole batches) into a store at `dataDir`, calling `progress` after
 * each batch. Returns the ids of a few stored traces.
 */
export function fillStore(dataDir: string, total: number, progress: (written: number) => void): string[] {
  const store = new SqliteStore(dataDir);
  const { batch, traces } = batchTemplate();
  const batches = Math.ceil(total / (TRACES_PER_BATCH * SPANS_PER_TRACE));
  const nowUs = Date.now() * 1000;
  const sample: string[] = [];
  let written = 0;
  try {
    for (let b = 0; b < batches; b++) {
      for (let t = 0; t < traces.length; t++) {
        const { id, spans } = traces[t]!;
        id.writeUInt32BE(0xb0b0b0b0, 0);
        id.writeUInt32BE(b, 4);
        id.writeUInt32BE(t, 8);
        id.writeUInt32BE(0x5eed, 12);
        const startUs =
          nowUs -
          SPREAD_US +
          Math.floor(((b * TRACES_PER_BATCH + t) / (batches * TRACES_PER_BATCH)) * SPREAD_US);
        for (let s = 0; s < spans.length; s++) {
          const span = spans[s]!;
          const spanStartUs = startUs + s * 1000;
          const durationUs = 1000 + ((t * 7919 + s * 104729 + b) % 50_000);
          span.startTimeUnixNano = spanStartUs * 1000;
          span.endTimeUnixNano = (spanStartUs + durationUs) * 1000;
        }
        if (t === 0 && b % 50 === 0) sample.push(id.toString('hex'));
      }
      written += store.writeSpans(batch).written;
      progress(written);
    }
  } finally {
    store.close();
  }
  return sample;
}
