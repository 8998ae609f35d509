// gateway: the public REST API and the storefront page. It validates input at the edge and calls the services;
// a failed order is answered with the problem that failed it (404 unknown product, 409 short stock, 402 declined).
import type { App, Context } from '@skein/server';
import type { ShopConfig } from '../shared/config.js';
import type { Order, Product, Shipment } from '../shared/domain.js';
import { IdempotencyKeyInvalidError, shopErrorByCode, UpstreamUnavailableError } from '../shared/errors.js';
import { idParams, IDEMPOTENCY_KEY, placeOrderBody } from '../shared/schemas.js';
import { ServiceClient } from '../shared/service-client.js';
import type { ServiceResources } from '../shared/service-runner.js';
import { CONTENT_SECURITY_POLICY, renderStorefront, STOREFRONT_CSS, STOREFRONT_JS } from './storefront.js';

function sendAsset(ctx: Context, contentType: string, body: string): void {
  ctx.res.writeHead(200, {
    'content-type': contentType,
    'content-length': Buffer.byteLength(body),
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-cache',
  });
  ctx.res.end(body);
}

/** Throws the error that failed `order`, pointing at the order with a Location header. */
function failedOrder(order: Order): never {
  const location = { location: `/api/orders/${encodeURIComponent(order.id)}` };
  const ErrorClass = order.failureCode === null ? undefined : shopErrorByCode(order.failureCode);
  if (ErrorClass === undefined)
    throw new UpstreamUnavailableError(`Order '${order.id}' failed.`, { headers: location });
  throw new ErrorClass(order.failureDetail ?? undefined, { headers: location });
}

export function setupGateway(app: App, config: ShopConfig): ServiceResources {
  const inventory = new ServiceClient('inventory', config.urls.inventory);
  const orders = new ServiceClient('orders', config.urls.orders);
  const shipping = new ServiceClient('shipping', config.urls.shipping);
  const products = async (): Promise<Product[]> =>
    (await inventory.get<{ products: Product[] }>('/products')).body.products;

  app.get('/', async (ctx) => sendAsset(ctx, 'text/html; charset=utf-8', renderStorefront(await products())));
  app.get('/assets/shop.js', (ctx) => sendAsset(ctx, 'text/javascript; charset=utf-8', STOREFRONT_JS));
  app.get('/assets/shop.css', (ctx) => sendAsset(ctx, 'text/css; charset=utf-8', STOREFRONT_CSS));

  app.get('/api/products', async () => ({ products: await products() }));
  app.get(
    '/api/products/:id',
    { schema: { params: idParams } },
    async (ctx) => (await inventory.get<Product>(`/products/${encodeURIComponent(ctx.params.id)}`)).body,
  );

  app.post('/api/orders', { schema: { body: placeOrderBody } }, async (ctx) => {
    const key = ctx.req.headers['idempotency-key'];
    if (key !== undefined && (typeof key !== 'string' || !IDEMPOTENCY_KEY.test(key))) {
      throw new IdempotencyKeyInvalidError();
    }
    const res = await orders.post<Order>(
      '/orders',
      ctx.body,
      key === undefined ? {} : { 'idempotency-key': key },
    );
    const order = res.body;
    if (order.status === 'failed') failedOrder(order);
    const replayed = res.headers.get('idempotent-replayed');
    if (replayed !== null) ctx.header('idempotent-replayed', replayed);
    ctx.header('location', `/api/orders/${encodeURIComponent(order.id)}`);
    ctx.status(res.status);
    return order;
  });

  app.get('/api/orders/:id', { schema: { params: idParams } }, async (ctx) => {
    const id = encodeURIComponent(ctx.params.id);
    const order = (await orders.get<Order>(`/orders/${id}`)).body;
    // Shipping being down does not hide the order: the shipment is then unknown (null).
    const shipment = await shipping.get<{ shipments: Shipment[] }>(`/shipments?orderId=${id}`).then(
      (res) => res.body.shipments[0] ?? null,
      () => null,
    );
    return { ...order, shipment };
  });
  return {};
}
