// Backend benchmark: OTLP/HTTP protobuf ingest of realistic spans into a `skein backend` child process,
// then trace-by-id and search latencies at the stored volume. Not a test: prints figures.
// Usage: npm run bench:backend -- [--spans 5000000] [--batch 1000] [--concurrency 4] [--cpu-prof DIR]
//          [--timestamps advancing|repeated]
// --timestamps advancing (default): each request's spans are later than the last one's, spread over the last
// 30 minutes, as live traffic arrives. repeated: 30 fixed templates re-sent with the same timestamps (every
// timestamp stored spans/30,000 times, so index inserts land all over the time index).
// --cpu-prof writes V8 CPU profiles of the backend child (main thread and ingest worker) into DIR.
import { spawn } from 'node:child_process';
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';

const { values } = parseArgs({
  options: {
    spans: { type: 'string', default: '5000000' },
    batch: { type: 'string', default: '1000' },
    concurrency: { type: 'string', default: '4' },
    'cpu-prof': { type: 'string' },
    timestamps: { type: 'string', default: 'advancing' },
  },
});
const TOTAL = Number(values.spans);
const BATCH = Number(values.batch);
const CONCURRENCY = Number(values.concurrency);
const SPANS_PER_TRACE = 10;
const ADVANCING = values.timestamps === 'advancing';
const HALF_HOUR_MS = 30 * 60_000;
const SERVICES = ['frontend', 'checkout', 'payments', 'inventory', 'shipping'];

const root = fileURLToPath(new URL('../../', import.meta.url));
const protoDir = join(root, 'packages/backend/proto/');
const pbRoot = new protobuf.Root();
pbRoot.resolvePath = (_o, target) => protoDir + target;
pbRoot.loadSync('opentelemetry/proto/collector/trace/v1/trace_service.proto');
const Request = pbRoot.lookupType('opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest');

/** A marker trace id per trace slot of the template; the bench overwrites these bytes before each send. */
const marker = (slot: number): Buffer =>
  Buffer.from(`ca11ab1e${slot.toString(16).padStart(8, '0')}deadbeef0badf00d`, 'hex');

/** Where each 8-byte little-endian timestamp (span start 0x39, end 0x41, event time 0x09) of `body` sits. */
function timestampOffsets(body: Buffer, starts: bigint[], ends: bigint[]): number[] {
  const found = new Set<number>();
  const find = (tag: number, value: bigint): void => {
    const needle = Buffer.alloc(9);
    needle[0] = tag;
    needle.writeBigUInt64LE(value, 1);
    for (let at = body.indexOf(needle); at !== -1; at = body.indexOf(needle, at + 1)) found.add(at + 1);
  };
  starts.forEach((start) => (find(0x39, start), find(0x09, start)));
  ends.forEach((end) => find(0x41, end));
  return [...found];
}

/** One request body with its trace-id and timestamp offsets; `baseMs` is the time of its first span. */
function templateBody(baseMs: number): { body: Buffer; offsets: number[][]; times: number[] } {
  const now = BigInt(baseMs) * 1_000_000n;
  const traces = BATCH / SPANS_PER_TRACE;
  const starts: bigint[] = [];
  const ends: bigint[] = [];
  const bySvc = SERVICES.map((svc) => ({
    resource: {
      attributes: [
        { key: 'service.name', value: { stringValue: svc } },
        { key: 'host.name', value: { stringValue: 'bench-1' } },
      ],
    },
    scopeSpans: [{ scope: { name: '@skein/telemetry', version: '0.1.0' }, spans: [] as unknown[] }],
  }));
  for (let t = 0; t < traces; t++) {
    for (let s = 0; s < SPANS_PER_TRACE; s++) {
      const svc = s % SERVICES.length;
      const start = now + BigInt(t * 10_000_000 + s * 1_000_000);
      // 1 to 51 ms, spread over trace slots and positions (about a fifth of spans last 40 ms or more).
      const duration = BigInt(1_000_000 + (((t * 7919 + s * 104729) * 7_919_993) % 50_000_000));
      starts.push(start);
      ends.push(start + duration);
      bySvc[svc]!.scopeSpans[0]!.spans.push({
        traceId: marker(t),
        spanId: Buffer.from([1, 2, 3, 4, t >> 8, t & 0xff, s, 1]),
        parentSpanId: s === 0 ? Buffer.alloc(0) : Buffer.from([1, 2, 3, 4, t >> 8, t & 0xff, s - 1, 1]),
        name: s === 0 ? 'GET /api/orders/:id' : `${['SELECT', 'INSERT', 'POST', 'GET'][s % 4]} op${s}`,
        kind: s === 0 ? 2 : 3,
        startTimeUnixNano: start.toString(),
        endTimeUnixNano: (start + duration).toString(),
        attributes: [
          { key: 'http.request.method', value: { stringValue: 'GET' } },
          { key: 'http.route', value: { stringValue: '/api/orders/:id' } },
          { key: 'http.response.status_code', value: { intValue: t % 50 === 0 ? 500 : 200 } },
          { key: 'url.path', value: { stringValue: `/api/orders/${t}` } },
          { key: 'server.address', value: { stringValue: 'shop.internal' } },
          { key: 'user.tier', value: { stringValue: t % 10 === 0 ? 'gold' : 'basic' } },
        ],
        events:
          s === 1
            ? [
                {
                  timeUnixNano: start.toString(),
                  name: 'cache miss',
                  attributes: [{ key: 'key', value: { stringValue: `order:${t}` } }],
                },
              ]
            : [],
        status: { code: t % 50 === 0 && s === 0 ? 2 : 0 },
      });
    }
  }
  const body = Buffer.from(Request.encode(Request.fromObject({ resourceSpans: bySvc })).finish());
  const offsets: number[][] = [];
  for (let t = 0; t < traces; t++) {
    const m = marker(t);
    const found: number[] = [];
    for (let at = body.indexOf(m); at !== -1; at = body.indexOf(m, at + 1)) found.push(at);
    offsets.push(found);
  }
  return { body, offsets, times: timestampOffsets(body, starts, ends) };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

function rssMb(pid: number): number {
  const match = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : NaN;
}

const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });

function send(port: number, path: string, body?: Buffer): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: body ? 'POST' : 'GET',
        agent,
        headers: body ? { 'content-type': 'application/x-protobuf' } : {},
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'skein-bench-backend-'));
  const [httpPort, uiPort, grpcPort] = [
    14318 + Math.floor(Math.random() * 1000),
    15686 + Math.floor(Math.random() * 1000),
    16317 + Math.floor(Math.random() * 1000),
  ];
  const child = spawn(
    process.execPath,
    [
      ...(values['cpu-prof'] ? ['--cpu-prof', '--cpu-prof-dir', values['cpu-prof']] : []),
      '--import',
      'tsx',
      '--conditions=@skein/source',
      join(root, 'packages/cli/src/main.ts'),
      'backend',
      '--http-port',
      String(httpPort),
      '--ui-port',
      String(uiPort),
      '--grpc-port',
      String(grpcPort),
      '--data-dir',
      dataDir,
      '--max-size',
      '100GB',
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  await new Promise<void>((resolve) =>
    child.stdout!.on('data', (d: Buffer) => d.toString().includes('ready') && resolve()),
  );
  let maxRss = 0;
  const rssTimer = setInterval(() => (maxRss = Math.max(maxRss, rssMb(child.pid!))), 250);
  try {
    const requests = Math.ceil(TOTAL / BATCH);
    const firstMs = Date.now() - HALF_HOUR_MS;
    const templates = ADVANCING
      ? [templateBody(firstMs)]
      : Array.from({ length: 30 }, (_, i) => templateBody(firstMs + i * 60_000));
    const stepNs = BigInt(Math.floor((HALF_HOUR_MS * 1e6) / requests));
    const latencies: number[] = [];
    const knownTraces: string[] = [];
    let next = 0;
    const started = performance.now();
    async function worker(): Promise<void> {
      const owned = templates.map((t) => Buffer.from(t.body));
      while (next < requests) {
        const n = next++;
        const own = owned[n % owned.length]!;
        const { body, offsets, times } = templates[n % templates.length]!;
        if (ADVANCING) {
          const shift = BigInt(n) * stepNs;
          for (const at of times) own.writeBigUInt64LE(body.readBigUInt64LE(at) + shift, at);
        }
        offsets.forEach((list, slot) => {
          const id = Buffer.from(
            `${n.toString(16).padStart(16, '0')}${slot.toString(16).padStart(8, '0')}0badf00d`,
            'hex',
          );
          for (const at of list) id.copy(own, at);
          if (slot === 0 && n % 25 === 0) knownTraces.push(id.toString('hex'));
        });
        const t0 = performance.now();
        const res = await send(httpPort, '/v1/traces', own);
        latencies.push(performance.now() - t0);
        if (res.status !== 200) throw new Error(`ingest answered ${res.status}: ${res.text}`);
        if (n % 500 === 0) process.stderr.write(`\r  ingested ${(n * BATCH).toLocaleString()} spans`);
      }
    }
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const seconds = (performance.now() - started) / 1000;
    latencies.sort((a, b) => a - b);
    const spans = requests * BATCH;
    process.stderr.write('\n');
    console.log(
      `ingest: ${spans.toLocaleString()} spans in ${seconds.toFixed(1)} s = ${Math.round(spans / seconds).toLocaleString()} spans/s durable`,
    );
    console.log(
      `ingest latency per ${BATCH}-span request: p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms`,
    );

    async function measure(label: string, paths: string[]): Promise<void> {
      const times: number[] = [];
      for (const path of paths) {
        const t0 = performance.now();
        const res = await send(uiPort, path);
        times.push(performance.now() - t0);
        if (res.status !== 200) throw new Error(`${path} answered ${res.status}: ${res.text.slice(0, 200)}`);
      }
      times.sort((a, b) => a - b);
      console.log(
        `${label}: p50 ${percentile(times, 50).toFixed(1)} ms, p99 ${percentile(times, 99).toFixed(1)} ms (${paths.length} queries)`,
      );
    }
    const pick = (i: number): string => knownTraces[(i * 7919) % knownTraces.length]!;
    await measure(
      'trace by id (/api/traces/{id})',
      Array.from({ length: 200 }, (_, i) => `/api/traces/${pick(i)}`),
    );
    const svc = (i: number): string => SERVICES[i % SERVICES.length]!;
    await measure(
      'search service (limit 20)',
      Array.from({ length: 50 }, (_, i) => `/api/traces?service=${svc(i)}&limit=20`),
    );
    await measure(
      'search service+operation+tag (limit 20)',
      Array.from(
        { length: 50 },
        () =>
          `/api/traces?service=frontend&operation=${encodeURIComponent('GET /api/orders/:id')}&tags=${encodeURIComponent('{"http.response.status_code":"500"}')}&limit=20`,
      ),
    );
    await measure(
      'search minDuration 40ms (limit 20)',
      Array.from({ length: 50 }, (_, i) => `/api/traces?service=${svc(i)}&minDuration=40ms&limit=20`),
    );
    // The worst case of a bounded scan: nothing matches, so the whole time range of the service is read
    // (from the index alone, since duration is part of the index entry).
    await measure(
      'search minDuration 10s, nothing matches (limit 20)',
      Array.from({ length: 10 }, (_, i) => `/api/traces?service=${svc(i)}&minDuration=10s&limit=20`),
    );
    await measure(
      'native span search by attribute',
      Array.from({ length: 50 }, () => `/api/skein/spans?attr=user.tier:gold&status=error&limit=20`),
    );
    console.log(
      `backend RSS: max ${maxRss.toFixed(0)} MB, now ${rssMb(child.pid!).toFixed(0)} MB; stored spans: ${spans.toLocaleString()}`,
    );
  } finally {
    clearInterval(rssTimer);
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    agent.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
