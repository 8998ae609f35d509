// Skein: @skein/server with its built-in telemetry. SKEIN_BENCH_TRACED=false serves with `telemetry: false`;
// else every request is sampled and its span exported over OTLP/HTTP protobuf to the driver's sink.
import { createApp } from '@skein/server';
import { setupTelemetry } from '@skein/telemetry';
import { loadUser } from './user.js';
import { announce, port } from './listening.js';

const traced = process.env.SKEIN_BENCH_TRACED !== 'false';
const telemetry = traced ? setupTelemetry({ serviceName: 'bench-skein', runtimeMetrics: false }) : false;
const app = createApp({ name: 'bench-skein', telemetry, probes: false });

app.get('/users/:id', (ctx) => loadUser(ctx.params.id!));

await app.listen({ port, host: '127.0.0.1' });
announce(app.server!);
