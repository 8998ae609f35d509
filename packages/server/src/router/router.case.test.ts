// One suite of routing cases, run against the router in both find-my-way modes (tree walk and compiled),
// so the faster compiled mode is only used while it agrees with the reference behaviour.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FindMyWayRouter } from './find-my-way.js';
import type { Router } from './router.js';

function build(compiled: boolean): Router<string> {
  const router = new FindMyWayRouter<string>({ compiled });
  router.add('GET', '/', 'root');
  router.add('GET', '/users', 'list');
  router.add('GET', '/users/me', 'me');
  router.add('GET', '/users/:id', 'user');
  router.add('PUT', '/users/:id', 'replace');
  router.add('GET', '/users/:id/orders/:orderId', 'order');
  router.add('GET', '/files/*', 'files');
  return router;
}

for (const compiled of [false, true]) {
  describe(`FindMyWayRouter (${compiled ? 'compiled' : 'tree walk'})`, () => {
    const router = build(compiled);

    it('matches static routes exactly', () => {
      assert.equal(router.match('GET', '/')?.store, 'root');
      assert.equal(router.match('GET', '/users')?.store, 'list');
      assert.equal(router.match('GET', '/users/1/2'), null);
      assert.equal(router.match('GET', '/userss'), null);
    });

    it('prefers a static segment over a parameter', () => {
      assert.equal(router.match('GET', '/users/me')?.store, 'me');
      assert.deepEqual({ ...router.match('GET', '/users/meh')?.params }, { id: 'meh' });
    });

    it('extracts parameters and keeps the raw query string apart', () => {
      const match = router.match('GET', '/users/42/orders/7?expand=items&x=1');
      assert.equal(match?.store, 'order');
      assert.deepEqual({ ...match?.params }, { id: '42', orderId: '7' });
      assert.equal(match?.searchParams, 'expand=items&x=1');
    });

    it('decodes percent-encoded parameters', () => {
      assert.deepEqual({ ...router.match('GET', '/users/a%20b')?.params }, { id: 'a b' });
      assert.deepEqual({ ...router.match('GET', '/users/a%2Fb?q=1')?.params }, { id: 'a/b' });
    });

    it('gives a wildcard route the rest of the path, without the query', () => {
      const match = router.match('GET', '/files/a/b/c.txt?download=1');
      assert.equal(match?.store, 'files');
      assert.equal(match?.params['*'], 'a/b/c.txt');
      assert.equal(match?.searchParams, 'download=1');
    });

    it('gives an empty query string when there is none', () => {
      assert.equal(router.match('GET', '/users/1')?.searchParams, '');
    });

    it('matches per method', () => {
      assert.equal(router.match('PUT', '/users/1')?.store, 'replace');
      assert.equal(router.match('POST', '/users/1'), null);
      assert.equal(router.match('PUT', '/users'), null);
    });

    it('lists the methods with a route for a path', () => {
      assert.deepEqual(router.methodsFor('/users/1?x=1').sort(), ['GET', 'PUT']);
      assert.deepEqual(router.methodsFor('/users'), ['GET']);
      assert.deepEqual(router.methodsFor('/nowhere'), []);
    });
  });
}
