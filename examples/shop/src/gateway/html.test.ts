import assert from 'node:assert/strict';
import { test } from 'node:test';
import { escapeHtml, formatCents } from './html.js';
import { renderStorefront } from './storefront.js';

test('escapes every character that could open markup or an attribute', () => {
  assert.equal(
    escapeHtml(`<a href="x" onclick='y'>&</a>`),
    '&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
  );
});

test('renders product values escaped', () => {
  const html = renderStorefront([
    { id: 'x"><script>', name: '<img src=x onerror=alert(1)>', description: '&', priceCents: 1999, stock: 1 },
  ]);
  assert.ok(!html.includes('<img src=x'));
  assert.ok(!html.includes('x"><script>'));
  assert.ok(html.includes('19.99'));
  assert.equal(formatCents(5), '0.05');
});
