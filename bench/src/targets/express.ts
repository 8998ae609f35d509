// Express 5 without telemetry.
import express from 'express';
import type { Server } from 'node:http';
import { loadUser } from './user.js';
import { announce, port } from './listening.js';

const app = express();
app.get('/users/:id', (req, res) => {
  res.json(loadUser(req.params.id));
});
const server: Server = app.listen(port, '127.0.0.1', () => announce(server));
