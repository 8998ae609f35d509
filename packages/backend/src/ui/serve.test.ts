import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createUiHandler, resolveStaticPath, UI_CONTENT_SECURITY_POLICY } from './serve.js';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

describe('createUiHandler', () => {
  let dir: string;
  let server: Server;
  let port: number;

  before(async () => {
    const parent = mkdtempSync(join(tmpdir(), 'skein-ui-'));
    dir = join(parent, 'web');
    mkdirSync(join(dir, 'assets'), { recursive: true });
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>shell</title>');
    writeFileSync(join(dir, 'assets', 'app-1.js'), 'console.log(1)');
    writeFileSync(join(parent, 'secret.txt'), 'do not serve');
    const ui = createUiHandler(dir);
    server = createServer((req, res) => {
      if (!ui(req, res)) res.writeHead(418).end('api');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  after(() => {
    server.close();
    rmSync(join(dir, '..'), { recursive: true, force: true });
  });

  // Raw paths: fetch() would normalise the `..` segments away before they reach the server.
  function get(path: string, method = 'GET'): Promise<Reply> {
    return new Promise((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path, method }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      });
      req.on('error', reject);
      req.end();
    });
  }

  it('serves assets with their type, a strict CSP and nosniff', async () => {
    const r = await get('/assets/app-1.js');
    assert.equal(r.status, 200);
    assert.equal(r.body, 'console.log(1)');
    assert.match(String(r.headers['content-type']), /^text\/javascript/);
    assert.equal(r.headers['content-security-policy'], UI_CONTENT_SECURITY_POLICY);
    assert.match(UI_CONTENT_SECURITY_POLICY, /script-src 'self'(;|$)/);
    assert.doesNotMatch(UI_CONTENT_SECURITY_POLICY, /unsafe-inline|unsafe-eval/);
    assert.equal(r.headers['x-content-type-options'], 'nosniff');
  });

  it('answers SPA routes with index.html', async () => {
    for (const path of ['/', '/trace/0af7651916cd43dd8448eb211c80319c?span=b7ad6b7169203331', '/map']) {
      const r = await get(path);
      assert.equal(r.status, 200, path);
      assert.equal(r.body, '<!doctype html><title>shell</title>');
      assert.match(String(r.headers['content-type']), /^text\/html/);
      assert.ok(r.headers['content-security-policy']);
    }
  });

  it('leaves /api paths to the API and refuses other methods on UI paths', async () => {
    assert.equal((await get('/api/services')).status, 418);
    assert.equal((await get('/api')).status, 418);
    const post = await get('/', 'POST');
    assert.equal(post.status, 405);
    assert.equal(post.headers.allow, 'GET, HEAD');
  });

  it('never serves a file outside the bundle, however the path is spelled', async () => {
    for (const path of [
      '/../secret.txt',
      '/assets/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/..%2fsecret.txt',
      '/..%5csecret.txt',
    ]) {
      const r = await get(path);
      assert.notEqual(r.body, 'do not serve', path);
      assert.ok(r.status === 400 || r.body.includes('shell'), `${path} → ${r.status}`);
    }
    assert.equal((await get('/%E0%A4%A')).status, 400);
    assert.equal((await get('/a%00b')).status, 400);
  });

  it('answers 404 for a missing asset instead of the shell', async () => {
    assert.equal((await get('/assets/gone.js')).status, 404);
  });

  it('resolves paths only inside the root', () => {
    assert.equal(resolveStaticPath('/srv/ui', '/assets/a.js'), '/srv/ui/assets/a.js');
    assert.equal(resolveStaticPath('/srv/ui', '/../../etc/passwd'), undefined);
    assert.equal(resolveStaticPath('/srv/ui', '/%2e%2e/x'), undefined);
    assert.equal(resolveStaticPath('/srv/ui', '/assets/../index.html'), '/srv/ui/index.html');
  });
});
