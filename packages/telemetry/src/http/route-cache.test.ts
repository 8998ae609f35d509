import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createHttpServerDuration } from '../metrics/http-metrics.js';
import { methodInfo } from './http-method.js';
import { durationSeries, RouteCache, seriesNumber, type FinishedRequest } from './route-cache.js';

function request(overrides: Partial<FinishedRequest> = {}): FinishedRequest {
  const base = { method: 'GET', scheme: 'http', status: 200, protocolVersion: '1.1', route: '/users/:id' };
  const merged = { errorType: undefined, ...base, ...overrides };
  return {
    ...merged,
    seriesNumber: seriesNumber(methodInfo(merged.method).index, merged.protocolVersion, merged.scheme),
  };
}

describe('RouteCache and durationSeries', () => {
  it('finds the same series by number as by key, one per method, status, scheme and protocol', () => {
    const histogram = createHttpServerDuration();
    const routes = new RouteCache();
    const entry = routes.entry('/users/:id');
    const variants = [
      request(),
      request({ status: 404 }),
      request({ method: 'POST' }),
      request({ scheme: 'https' }),
      request({ protocolVersion: '1.0' }),
    ];
    const numbered = variants.map((r) => durationSeries(histogram, entry, r));
    assert.equal(new Set(numbered).size, variants.length);
    // Found again by number, and by key where no entry is kept: the very same series.
    variants.forEach((r, i) => {
      assert.equal(durationSeries(histogram, entry, r), numbered[i]);
      assert.equal(durationSeries(histogram, undefined, r), numbered[i]);
    });
    assert.deepEqual(numbered[1]!.attributes, {
      'http.request.method': 'GET',
      'url.scheme': 'http',
      'http.response.status_code': 404,
      'network.protocol.name': 'http',
      'network.protocol.version': '1.1',
      'http.route': '/users/:id',
    });
  });

  it('keeps requests with an error type or an unnumbered protocol apart, by key', () => {
    const histogram = createHttpServerDuration();
    const entry = new RouteCache().entry('/users/:id');
    const plain = durationSeries(histogram, entry, request({ status: 500 }));
    const failed = durationSeries(histogram, entry, request({ status: 500, errorType: 'TypeError' }));
    const http2 = durationSeries(histogram, entry, request({ protocolVersion: '2' }));
    assert.equal(request({ protocolVersion: '2' }).seriesNumber, -1);
    assert.equal(new Set([plain, failed, http2, durationSeries(histogram, entry, request())]).size, 4);
    assert.equal(failed.attributes['error.type'], 'TypeError');
    assert.equal(http2.attributes['network.protocol.version'], '2');
  });

  it('stops keeping routes past its bound', () => {
    const routes = new RouteCache();
    for (let i = 0; i < 1000; i++) assert.ok(routes.entry(`/r/${i}`));
    assert.equal(routes.entry('/one-too-many'), undefined);
    assert.ok(routes.entry('/r/7'), 'routes kept before stay');
  });

  it('names spans by method and route', () => {
    const entry = new RouteCache().entry('/orders/:id')!;
    assert.equal(entry.spanName('GET'), 'GET /orders/:id');
    assert.equal(entry.spanName('HTTP'), 'HTTP /orders/:id');
    assert.equal(entry.spanName('GET'), 'GET /orders/:id');
  });
});
