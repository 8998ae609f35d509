// `skein mcp` as a real process: JSON-RPC lines on its stdin reach a real backend's /mcp and the answers come
// back on stdout, with $SKEIN_TOKEN passed on. The relay's error cases are in packages/backend/test/mcp.test.ts
// (in-process, as each CLI start costs seconds).
import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, describe, it } from 'node:test';
import { startBackend, type RunningBackend } from '@skein/backend';

const root = new URL('../../../', import.meta.url).pathname;
const CLI = ['--import', 'tsx', '--conditions=@skein/source', 'packages/cli/src/main.ts', 'mcp'];

interface RpcAnswer {
  id: number;
  result?: { tools?: { name: string }[]; content?: { text: string }[]; isError?: boolean };
  error?: { message: string };
}

/** The CLI with a line reader on its stdout; `ask` sends one request and waits for the answer to its id. */
function startBridge(args: string[], env: Record<string, string> = {}) {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, [...CLI, ...args], {
    cwd: root,
    env: { ...process.env, SKEIN_TOKEN: '', ...env },
  });
  const waiting = new Map<number, (answer: RpcAnswer) => void>();
  createInterface({ input: child.stdout }).on('line', (line) => {
    const answer = JSON.parse(line) as RpcAnswer;
    waiting.get(answer.id)?.(answer);
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const died = new Promise<never>((_resolve, reject) =>
    child.once('exit', (code) => reject(new Error(`skein mcp exited (${code}) before answering: ${stderr}`))),
  );
  died.catch(() => {});
  let next = 1;
  const ask = (method: string, params: Record<string, unknown> = {}): Promise<RpcAnswer> => {
    const id = next++;
    const answered = new Promise<RpcAnswer>((resolve) => waiting.set(id, resolve));
    child.stdin.write(JSON.stringify({ jsonrpc: '2.0', id, method, params }) + '\n');
    return Promise.race([answered, died]);
  };
  const stop = (): Promise<number | null> => {
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.stdin.end();
    return exited;
  };
  return { child, ask, stop };
}

const INITIALIZE = {
  protocolVersion: '2025-06-18',
  capabilities: {},
  clientInfo: { name: 'skein-test', version: '1.0.0' },
};

describe('skein mcp', () => {
  let backend: RunningBackend;
  let dataDir: string;

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'skein-cli-mcp-'));
    backend = await startBackend({
      grpcPort: 0,
      httpPort: 0,
      uiPort: 0,
      dataDir,
      token: 't0ken',
      log: () => {},
    });
    const res = await fetch(`http://127.0.0.1:${backend.httpPort}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer t0ken' },
      body: JSON.stringify({
        resourceSpans: [
          {
            resource: { attributes: [{ key: 'service.name', value: { stringValue: 'checkout' } }] },
            scopeSpans: [
              {
                spans: [
                  {
                    traceId: '5b8efff798038103d269b633813fc60c',
                    spanId: 'eee19b7ec3c1b174',
                    name: 'GET /cart',
                    kind: 2,
                    startTimeUnixNano: String(BigInt(Date.now() - 1000) * 1_000_000n),
                    endTimeUnixNano: String(BigInt(Date.now() - 990) * 1_000_000n),
                  },
                ],
              },
            ],
          },
        ],
      }),
    });
    assert.equal(res.status, 200);
  });

  after(async () => {
    await backend?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('relays initialize, tools/list and tools/call to the backend with $SKEIN_TOKEN, and exits when stdin ends', async () => {
    const bridge = startBridge(['--api', `http://127.0.0.1:${backend.uiPort}`], { SKEIN_TOKEN: 't0ken' });
    try {
      const init = await bridge.ask('initialize', INITIALIZE);
      assert.equal(init.error, undefined, init.error?.message);
      const tools = await bridge.ask('tools/list');
      assert.ok(tools.result!.tools!.some((t) => t.name === 'get_critical_path'));
      const services = await bridge.ask('tools/call', { name: 'list_services', arguments: {} });
      assert.deepEqual(JSON.parse(services.result!.content![0]!.text), { services: ['checkout'] });
    } finally {
      assert.equal(await bridge.stop(), 0);
    }
  });
});
