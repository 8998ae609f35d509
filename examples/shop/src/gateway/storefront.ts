// The minimal storefront at `/`: products rendered on the server (every value escaped), and one external script
// that places orders through the JSON API. The Content-Security-Policy allows nothing inline.
import type { Product } from '../shared/domain.js';
import { escapeHtml, formatCents } from './html.js';

export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; " +
  "form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

function productRow(p: Product): string {
  const id = escapeHtml(p.id);
  return `<tr>
  <td><strong>${escapeHtml(p.name)}</strong><br><small>${escapeHtml(p.description)}</small></td>
  <td class="num">${escapeHtml(formatCents(p.priceCents))}</td>
  <td class="num">${escapeHtml(p.stock)}</td>
  <td><form class="buy" data-product-id="${id}">
    <input name="quantity" type="number" min="1" max="100" value="1" aria-label="Quantity of ${escapeHtml(p.name)}">
    <select name="paymentMethod" aria-label="Payment method"><option>card</option><option>paypal</option><option>bank_transfer</option></select>
    <button type="submit">Order</button>
  </form></td>
</tr>`;
}

export function renderStorefront(products: readonly Product[]): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Skein shop</title>
<link rel="stylesheet" href="/assets/shop.css">
<script src="/assets/shop.js" defer></script>
</head>
<body>
<h1>Skein shop</h1>
<p>Every order crosses gateway → orders → inventory → payment, then shipping by message. Open the trace in the Skein UI.</p>
<table>
<thead><tr><th>Product</th><th class="num">Price</th><th class="num">In stock</th><th>Order</th></tr></thead>
<tbody>
${products.map(productRow).join('\n')}
</tbody>
</table>
<p id="result" role="status" aria-live="polite"></p>
</body>
</html>`;
}

export const STOREFRONT_CSS = `body { font: 15px/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; }
table { border-collapse: collapse; width: 100%; }
th, td { border-bottom: 1px solid #ddd; padding: .5rem; text-align: left; vertical-align: top; }
.num { text-align: right; }
input[type=number] { width: 4rem; }
#result { font-weight: 600; min-height: 1.5em; }
.failed { color: #b00020; }
`;

// Plain DOM code, served as a file: it builds the request, sends an Idempotency-Key per submitted form (a double
// click does not order twice) and shows the answer with textContent only.
export const STOREFRONT_JS = `'use strict';
document.addEventListener('submit', async (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || !form.classList.contains('buy')) return;
  event.preventDefault();
  const result = document.getElementById('result');
  form.dataset.key = form.dataset.key || crypto.randomUUID();
  const body = {
    items: [{ productId: form.dataset.productId, quantity: Number(form.elements.quantity.value) }],
    paymentMethod: form.elements.paymentMethod.value,
  };
  result.className = '';
  result.textContent = 'Placing the order…';
  try {
    const res = await fetch('/api/orders', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': form.dataset.key },
      body: JSON.stringify(body),
    });
    const answer = await res.json();
    const trace = (res.headers.get('traceresponse') || '').split('-')[1] || 'unknown';
    if (res.ok) {
      result.textContent = 'Order ' + answer.id + ' is ' + answer.status + ' (' + (answer.amountCents / 100).toFixed(2) + '). Trace ' + trace + '.';
    } else {
      result.className = 'failed';
      result.textContent = answer.title + ': ' + answer.detail + ' Trace ' + trace + '.';
    }
    delete form.dataset.key;
  } catch (err) {
    result.className = 'failed';
    result.textContent = 'The shop could not be reached: ' + err.message;
  }
});
`;
