// Entry point of the payment service (`node dist/payment.js`).
import { setupPayment } from './payment/payment-routes.js';
import { runService } from './shared/service-runner.js';

await runService('payment', setupPayment);
