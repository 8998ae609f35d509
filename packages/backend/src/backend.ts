// Wires the pipeline together: receivers → export handler → store ← query API and MCP, plus background
// retention.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tokenCheck } from './auth/token.js';
import { resolveConfig, type BackendOptions } from './config.js';
import { createMcpHandler } from './mcp/mcp-handler.js';
import { jaegerRoutes } from './query/jaeger/jaeger-routes.js';
import { jaegerSpmRoutes } from './query/jaeger-spm/spm-routes.js';
import { jaegerV3Routes } from './query/jaeger-v3/v3-routes.js';
import { createQueryServer } from './query/http-api.js';
import { nativeRoutes } from './query/native/native-routes.js';
import { startOtlpGrpcServer, stopGrpcServer } from './receivers/grpc/otlp-grpc-receiver.js';
import { IngestPipeline } from './receivers/ingest-pipeline.js';
import { createOtlpHttpServer } from './receivers/http/otlp-http-receiver.js';
import { SqliteStore } from './storage/sqlite/sqlite-store.js';
import { createUiHandler } from './ui/serve.js';

export interface RunningBackend {
  host: string;
  grpcPort: number;
  httpPort: number;
  uiPort: number;
  dataDir: string;
  /** Stops the servers (finishing in-flight requests) and closes the store. */
  stop(): Promise<void>;
}

function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}

/**
 * Starts the embedded backend: OTLP/gRPC, OTLP/HTTP and the query API, storing in `dataDir`.
 *
 * @example
 * const backend = await startBackend({ grpcPort: 0, httpPort: 0, uiPort: 0, dataDir: tmp });
 * // export to http://127.0.0.1:${backend.httpPort}/v1/traces, query http://127.0.0.1:${backend.uiPort}/api/traces
 * await backend.stop();
 */
export async function startBackend(options: BackendOptions = {}): Promise<RunningBackend> {
  const config = resolveConfig(options);
  if (config.insecureNoToken && !config.token) {
    config.log(`WARNING: --insecure-no-token: ${config.host} accepts telemetry and queries from anyone`);
  }
  const store = new SqliteStore(config.dataDir);
  const authorized = tokenCheck(config.token);
  const ingest = new IngestPipeline({
    dataDir: config.dataDir,
    maxAttributeValueLength: config.maxAttributeValueLength,
  });
  const handle = ingest.export.bind(ingest);
  const httpServer = createOtlpHttpServer(handle, authorized, config.maxBodyBytes);
  const queryServer = createQueryServer(
    [...jaegerRoutes(store), ...jaegerV3Routes(store), ...jaegerSpmRoutes(store), ...nativeRoutes(store)],
    authorized,
    config.ui ?? createUiHandler(),
    createMcpHandler(store),
  );
  let grpc: Awaited<ReturnType<typeof startOtlpGrpcServer>> | undefined;
  try {
    grpc = await startOtlpGrpcServer(config.host, config.grpcPort, handle, authorized, config.maxBodyBytes);
    const httpPort = await listen(httpServer, config.host, config.httpPort);
    const uiPort = await listen(queryServer, config.host, config.uiPort);
    const retain = (): void => {
      ingest.retention(Date.now(), config.retentionMs, config.maxSizeBytes).catch((err: unknown) => {
        config.log(`retention failed: ${err instanceof Error ? err.message : String(err)}`);
      });
    };
    retain();
    const timer = setInterval(retain, config.retentionIntervalMs);
    timer.unref();
    const running = grpc;
    return {
      host: config.host,
      grpcPort: running.port,
      httpPort,
      uiPort,
      dataDir: config.dataDir,
      async stop() {
        clearInterval(timer);
        await Promise.all([stopGrpcServer(running.server), close(httpServer), close(queryServer)]);
        await ingest.close();
        store.close();
      },
    };
  } catch (err) {
    if (grpc) grpc.server.forceShutdown();
    httpServer.close();
    queryServer.close();
    await ingest.close();
    store.close();
    throw err;
  }
}
