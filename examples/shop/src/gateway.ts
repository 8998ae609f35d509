// Entry point of the gateway service (`node dist/gateway.js`).
import { setupGateway } from './gateway/gateway-routes.js';
import { runService } from './shared/service-runner.js';

await runService('gateway', setupGateway);
