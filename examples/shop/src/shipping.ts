// Entry point of the shipping service (`node dist/shipping.js`).
import { setupShipping } from './shipping/shipping-routes.js';
import { runService } from './shared/service-runner.js';

await runService('shipping', setupShipping);
