// No credential reaches a real backend: requests carrying Authorization, Cookie and secret query values, and
// answers setting cookies, leave traces and logs in which none of the secrets appears anywhere.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { freePort, startBackendProcess, startProcess, waitFor, type RunningProcess } from '@skein/testkit';

const SERVICE = fileURLToPath(new URL('./fixtures/secret-service.ts', import.meta.url));
const SECRET = 'S3CRET-e2e-9f4c2a';
const started: RunningProcess[] = [];
const dataDir = mkdtempSync(join(tmpdir(), 'skein-redaction-'));
after(async () => {
  for (const proc of started) await proc.stop('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

it('stores spans and logs of requests carrying credentials without any of them', async () => {
  const ports = { http: await freePort(), ui: await freePort(), grpc: await freePort() };
  started.push(await startBackendProcess(dataDir, ports));
  const port = await freePort();
  started.push(
    await startProcess(process.execPath, {
      args: ['--import', 'tsx', '--conditions=@skein/source', SERVICE],
      env: {
        ...process.env,
        PORT: String(port),
        SECRET,
        OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${ports.http}`,
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
        OTEL_METRICS_EXPORTER: 'none',
        OTEL_BSP_SCHEDULE_DELAY: '100',
      },
      readyLine: /listening on/,
    }),
  );

  const res = await fetch(
    `http://127.0.0.1:${port}/call?token=${SECRET}&secret=${SECRET}&key=${SECRET}&q=visible`,
    {
      headers: { authorization: `Bearer ${SECRET}`, cookie: `session=${SECRET}` },
    },
  );
  assert.deepEqual(await res.json(), { status: 200 });

  const traces = await waitFor(
    'the SERVER and CLIENT spans of the call',
    async () => {
      const body = (await (
        await fetch(`http://127.0.0.1:${ports.ui}/api/traces?service=secret-service&lookback=1h`)
      ).json()) as { data: { spans: { operationName: string }[] }[] };
      const names = body.data.flatMap((trace) => trace.spans.map((span) => span.operationName));
      return ['GET /call', 'GET', 'GET /login'].every((name) => names.includes(name)) && body;
    },
    { timeoutMs: 20_000, intervalMs: 200 },
  );
  const logs = await (
    await fetch(`http://127.0.0.1:${ports.ui}/api/skein/logs?service=secret-service&lookback=1h&limit=1000`)
  ).text();
  const stored = JSON.stringify(traces) + logs;
  assert.ok(!stored.includes(SECRET), 'a secret reached the backend');
  // The non-secret parts of the same URLs are kept: redaction is targeted, not wholesale.
  assert.match(stored, /q=visible/);
  assert.match(stored, /token=REDACTED/);
  assert.match(stored, /api_key=REDACTED/);
});
