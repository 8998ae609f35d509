// Express 5 with the official instrumentation-http and instrumentation-express on the official SDK. Both patch
// modules as they are required, so node:http and express are loaded only after the instrumentations register.
import { createRequire } from 'node:module';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { ExpressInstrumentation } from '@opentelemetry/instrumentation-express';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import type { Server } from 'node:http';
import type Express from 'express';
import { startOfficialSdk } from './official-sdk.js';
import { loadUser } from './user.js';
import { announce, port } from './listening.js';

startOfficialSdk('bench-express-otel');
registerInstrumentations({ instrumentations: [new HttpInstrumentation(), new ExpressInstrumentation()] });

const require = createRequire(import.meta.url);
const express = require('express') as typeof Express;
const app = express();
app.get('/users/:id', (req, res) => {
  res.json(loadUser(req.params.id));
});
const server: Server = app.listen(port, '127.0.0.1', () => announce(server));
