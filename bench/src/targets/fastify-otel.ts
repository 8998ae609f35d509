// Fastify 5 with the official @fastify/otel plugin on the official SDK (request and handler spans).
import { FastifyOtelInstrumentation } from '@fastify/otel';
import Fastify from 'fastify';
import { startOfficialSdk } from './official-sdk.js';
import { loadUser } from './user.js';
import { announce, port } from './listening.js';

const provider = startOfficialSdk('bench-fastify-otel');
const instrumentation = new FastifyOtelInstrumentation();
instrumentation.setTracerProvider(provider);

const app = Fastify({ logger: false });
await app.register(instrumentation.plugin());
app.get<{ Params: { id: string } }>('/users/:id', async (request) => loadUser(request.params.id));
await app.listen({ port, host: '127.0.0.1' });
announce(app.server);
