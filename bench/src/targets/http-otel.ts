// Plain node:http (the raw target's handler) with the official instrumentation-http on the official SDK. The
// instrumentation patches node:http as it is required, so it is loaded only after registering.
import type * as Http from 'node:http';
import { createRequire } from 'node:module';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { startOfficialSdk } from './official-sdk.js';
import { serveUsers } from './raw-handler.js';
import { announce, port } from './listening.js';

startOfficialSdk('bench-http-otel');
registerInstrumentations({ instrumentations: [new HttpInstrumentation()] });

const require = createRequire(import.meta.url);
const http = require('node:http') as typeof Http;
const server = http.createServer(serveUsers);
server.listen(port, '127.0.0.1', () => announce(server));
