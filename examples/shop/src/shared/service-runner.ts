// Runs one shop service as a process: configuration, the app with its telemetry, the service's routes and
// resources, then listen; SIGTERM/SIGINT stop background work, drain requests, flush telemetry and exit.
import { createApp, type App } from '@skein/server';
import { loadConfig, type ServiceName, type ShopConfig } from './config.js';

/** What a service hands back to the runner: how to stop what it started, in order. */
export interface ServiceResources {
  /** Background work to stop before the server drains (e.g. the outbox dispatcher). */
  stopBackground?: () => Promise<void>;
  /** Resources to release once no request is in flight (e.g. the database). */
  close?: () => void;
}

export type ServiceSetup = (app: App, config: ShopConfig) => ServiceResources | Promise<ServiceResources>;

/** JSON bodies larger than this are refused with 413: no shop request comes near it. */
export const BODY_LIMIT = 64 * 1024;

export async function runService(service: ServiceName, setup: ServiceSetup): Promise<void> {
  const config = loadConfig(service, process.env);
  const app = createApp({ name: config.serviceName, bodyLimit: BODY_LIMIT });
  const resources = await setup(app, config);
  await app.listen({ port: config.port, host: config.host, handleSignals: false });

  let stopping = false;
  const stop = async (signal: NodeJS.Signals): Promise<void> => {
    if (stopping) return;
    stopping = true;
    app.log.info(`${service} shutting down on ${signal}`);
    let code = 0;
    try {
      await resources.stopBackground?.();
      await app.close();
      resources.close?.();
    } catch (err) {
      app.log.error(`shutdown failed: ${(err as Error).message}`);
      code = 1;
    }
    process.exit(code);
  };
  process.on('SIGTERM', (signal) => void stop(signal));
  process.on('SIGINT', (signal) => void stop(signal));
}
