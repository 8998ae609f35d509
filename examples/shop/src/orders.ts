// Entry point of the orders service (`node dist/orders.js`).
import { setupOrders } from './orders/orders-routes.js';
import { runService } from './shared/service-runner.js';

await runService('orders', setupOrders);
