// Every setting of a shop service, read from the environment once and validated here; the rest of the code
// receives this typed object and never reads process.env.
import { join, resolve } from 'node:path';
import { z } from 'zod';

const port = z.coerce.number().int().min(0).max(65_535);
const ms = z.coerce.number().min(0);
const url = z.url();

const envSchema = z.object({
  PORT: port.optional(),
  HOST: z.string().default('127.0.0.1'),
  OTEL_SERVICE_NAME: z.string().min(1).optional(),
  SKEIN_DATA_DIR: z.string().default('.skein/shop'),
  ORDERS_URL: url.default('http://127.0.0.1:8081'),
  INVENTORY_URL: url.default('http://127.0.0.1:8082'),
  PAYMENT_URL: url.default('http://127.0.0.1:8083'),
  SHIPPING_URL: url.default('http://127.0.0.1:8084'),
  SKEIN_PAYMENT_LATENCY_MS: ms.default(0),
  SKEIN_PAYMENT_FAILURE_RATE: z.coerce.number().min(0).max(1).default(0),
  SKEIN_INVENTORY_LATENCY_MS: ms.default(0),
  SKEIN_OUTBOX_POLL_MS: ms.default(500),
  SKEIN_OUTBOX_BACKOFF_MS: ms.default(250),
  SKEIN_OUTBOX_MAX_BACKOFF_MS: ms.default(10_000),
});

/** The default port of each service, as `skein up` lays them out from its base port. */
export const DEFAULT_PORTS = { gateway: 8080, orders: 8081, inventory: 8082, payment: 8083, shipping: 8084 };
export type ServiceName = keyof typeof DEFAULT_PORTS;

export interface ShopConfig {
  serviceName: string;
  port: number;
  host: string;
  /** The SQLite file of this service. */
  databaseFile: string;
  urls: { orders: string; inventory: string; payment: string; shipping: string };
  faults: { paymentLatencyMs: number; paymentFailureRate: number; inventoryLatencyMs: number };
  outbox: { pollMs: number; initialBackoffMs: number; maxBackoffMs: number };
}

/** Reads the configuration of `service`; throws one error listing every invalid variable. */
export function loadConfig(service: ServiceName, env: Record<string, string | undefined>): ShopConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`invalid ${service} configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    serviceName: e.OTEL_SERVICE_NAME ?? service,
    port: e.PORT ?? DEFAULT_PORTS[service],
    host: e.HOST,
    databaseFile: join(resolve(e.SKEIN_DATA_DIR), `${service}.db`),
    urls: {
      orders: e.ORDERS_URL,
      inventory: e.INVENTORY_URL,
      payment: e.PAYMENT_URL,
      shipping: e.SHIPPING_URL,
    },
    faults: {
      paymentLatencyMs: e.SKEIN_PAYMENT_LATENCY_MS,
      paymentFailureRate: e.SKEIN_PAYMENT_FAILURE_RATE,
      inventoryLatencyMs: e.SKEIN_INVENTORY_LATENCY_MS,
    },
    outbox: {
      pollMs: e.SKEIN_OUTBOX_POLL_MS,
      initialBackoffMs: e.SKEIN_OUTBOX_BACKOFF_MS,
      maxBackoffMs: e.SKEIN_OUTBOX_MAX_BACKOFF_MS,
    },
  };
}
