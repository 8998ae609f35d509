// back: answers a greeting for a name, with a custom span around the work.
import { createApp } from '@skein/server';
import { withSpan } from '@skein/telemetry';

const app = createApp({ name: process.env.OTEL_SERVICE_NAME ?? 'back' });

app.get('/greetings/:name', async (ctx) => {
  const name = ctx.params.name ?? 'world';
  return withSpan('compose greeting', { attributes: { 'greeting.name.length': name.length } }, () => ({
    greeting: `Hello, ${name}!`,
  }));
});

await app.listen({ port: Number(process.env.PORT ?? 8081), host: '127.0.0.1' });
