// OTLP/gRPC receiver: the three collector services' Export methods on one @grpc/grpc-js server. Bodies stay
// raw buffers through grpc-js and are decoded by the same export handler the HTTP receiver uses.
import * as grpc from '@grpc/grpc-js';
import type { TokenCheck } from '../../auth/token.js';
import { BackendError, toBackendError } from '../../errors.js';
import type { Signal } from '../../otlp/decode.js';
import { SIGNALS } from '../../otlp/decode.js';
import type { AsyncExportHandler } from '../export-handler.js';
import { grpcStatusOf } from '../grpc-status.js';

const SERVICES: { signal: Signal; path: string }[] = [
  { signal: SIGNALS.traces, path: '/opentelemetry.proto.collector.trace.v1.TraceService/Export' },
  { signal: SIGNALS.logs, path: '/opentelemetry.proto.collector.logs.v1.LogsService/Export' },
  { signal: SIGNALS.metrics, path: '/opentelemetry.proto.collector.metrics.v1.MetricsService/Export' },
];

const identity = (buffer: Buffer): Buffer => buffer;

function definition(path: string): grpc.ServiceDefinition {
  return {
    Export: {
      path,
      requestStream: false,
      responseStream: false,
      requestSerialize: identity,
      requestDeserialize: identity,
      responseSerialize: identity,
      responseDeserialize: identity,
    },
  };
}

function exportMethod(
  signal: Signal,
  handle: AsyncExportHandler,
  authorized: TokenCheck,
): grpc.handleUnaryCall<Buffer, Buffer> {
  const fail = (callback: grpc.sendUnaryData<Buffer>, err: unknown): void => {
    const error = toBackendError(err);
    callback({ code: grpcStatusOf(error), details: error.message });
  };
  return (call, callback) => {
    const auth = call.metadata.get('authorization')[0];
    if (!authorized(typeof auth === 'string' ? auth : undefined)) {
      fail(callback, new BackendError('SKEIN_ERR_UNAUTHORIZED', 'missing or wrong bearer token'));
      return;
    }
    handle(signal, call.request, 'protobuf').then(
      (result) => {
        const partial =
          result.rejected > 0 || result.message
            ? { partialSuccess: { [signal.rejectedField]: result.rejected, errorMessage: result.message } }
            : {};
        callback(null, signal.response.encode(signal.response.fromObject(partial)).finish() as Buffer);
      },
      (err: unknown) => fail(callback, err),
    );
  };
}

/** Starts the gRPC server on host:port (0 = any free port) and resolves with it and the bound port. */
export async function startOtlpGrpcServer(
  host: string,
  port: number,
  handle: AsyncExportHandler,
  authorized: TokenCheck,
  maxBodyBytes: number,
): Promise<{ server: grpc.Server; port: number }> {
  const server = new grpc.Server({
    'grpc.max_receive_message_length': maxBodyBytes,
  });
  for (const { signal, path } of SERVICES) {
    server.addService(definition(path), { Export: exportMethod(signal, handle, authorized) });
  }
  const address = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
  const bound = await new Promise<number>((resolve, reject) => {
    server.bindAsync(address, grpc.ServerCredentials.createInsecure(), (err, p) =>
      err ? reject(err) : resolve(p),
    );
  });
  return { server, port: bound };
}

/** Stops accepting calls and waits for in-flight ones (forcing after `timeoutMs`). */
export function stopGrpcServer(server: grpc.Server, timeoutMs = 5000): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      server.forceShutdown();
      resolve();
    }, timeoutMs);
    server.tryShutdown(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}
