// front: the public endpoint; calls back with fetch, which carries the trace context automatically.
import { createApp } from '@skein/server';

const backUrl = process.env.BACK_URL ?? 'http://127.0.0.1:8081';
const app = createApp({ name: process.env.OTEL_SERVICE_NAME ?? 'front' });

app.get('/hello/:name', async (ctx) => {
  const res = await fetch(`${backUrl}/greetings/${encodeURIComponent(ctx.params.name ?? 'world')}`);
  if (!res.ok) throw new Error(`back answered ${res.status}`);
  ctx.log.info({ name: ctx.params.name }, 'greeted');
  return res.json();
});

await app.listen({ port: Number(process.env.PORT ?? 8080), host: '127.0.0.1' });
