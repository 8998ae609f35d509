// Entry point of the inventory service (`node dist/inventory.js`).
import { setupInventory } from './inventory/inventory-routes.js';
import { runService } from './shared/service-runner.js';

await runService('inventory', setupInventory);
