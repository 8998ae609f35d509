// Fastify 5 without telemetry.
import Fastify from 'fastify';
import { loadUser } from './user.js';
import { announce, port } from './listening.js';

const app = Fastify({ logger: false });
app.get<{ Params: { id: string } }>('/users/:id', async (request) => loadUser(request.params.id));
await app.listen({ port, host: '127.0.0.1' });
announce(app.server);
